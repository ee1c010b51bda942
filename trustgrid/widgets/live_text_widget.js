// controls.LiveText: keep_keys.js and live_text.js come before this file in its module.
export default {
  render({ model, el }) {
    keepKeys();
    return drawLiveText(model, el, "html");
  },
};
