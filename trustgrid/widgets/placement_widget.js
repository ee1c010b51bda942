// placement.GridPlacement: the parts placement.js lists, then placement.js, come first.
export default {
  render({ model, el }) {
    keepKeys();
    return drawPlacement(model, el);
  },
};
