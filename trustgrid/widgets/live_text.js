// Text announced when it changes (an ARIA live region), drawn into el from the model's trait
// `name` (HTML the Python side has escaped). Returns what stops its listener.
function drawLiveText(model, el, name) {
  const box = document.createElement("div");
  box.className = "tg-live";
  box.setAttribute("role", "status");
  box.setAttribute("aria-live", "polite");
  const sync = () => { box.innerHTML = model.get(name); };
  sync();
  model.on(`change:${name}`, sync);
  el.append(box);
  return () => model.off(`change:${name}`, sync);
}
