// A placement (placement.GridPlacement): two sliders, the words and the trust grid, drawn into
// el in one view (one widget model and one view instead of eleven, which was most of what a
// placement cost the browser). keep_keys.js, slider.js, live_text.js and plotly_figure.js
// come before this file, and placement_widget.js or scenario.js after it.
async function drawPlacement(model, el) {
  const box = document.createElement("div");
  box.className = "tg-placement";
  const controls = document.createElement("div");
  controls.className = "tg-placement-controls";
  const plot = document.createElement("div");
  plot.className = "tg-placement-figure";
  box.append(controls, plot);
  el.append(box);
  const stops = [
    drawSlider(model, controls, "_competence_"),
    drawSlider(model, controls, "_caring_"),
    drawLiveText(model, controls, "readout"),
  ];
  // The marker follows the sliders at once, in the browser, without waiting for Python.
  stops.push(await drawFigure(model, plot,
    { trace: model.get("_follow"), x: "_competence_value", y: "_caring_value" }));
  return () => { for (const stop of stops) stop(); };
}
