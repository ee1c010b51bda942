// controls.Slider: keep_keys.js and slider.js come before this file in its module.
export default {
  render({ model, el }) {
    keepKeys();
    return drawSlider(model, el, "");
  },
};
