// placement.ScenarioActivity: a scenario's story, its placement and its Reveal in one view (as
// ipywidgets boxes around a placement they were twelve more widget models and five more views).
// The parts placement.js lists, placement.js and reveal.js come before this file.
export default {
  async render({ model, el }) {
    keepKeys();
    const header = document.createElement("div");
    header.className = "tg-scenario-header";
    header.innerHTML = model.get("_header"); // escaped by Python; it does not change
    el.append(header);
    const placement = document.createElement("div");
    const reveal = document.createElement("div");
    el.append(placement, reveal);
    const stopReveal = drawReveal(model, reveal);
    const stopPlacement = await drawPlacement(model, placement);
    return () => { stopPlacement(); stopReveal(); };
  },
};
