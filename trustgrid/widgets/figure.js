// figure.Figure: plotly_figure.js comes before this file in its module.
export default {
  render({ model, el }) {
    return drawFigure(model, el);
  },
};
