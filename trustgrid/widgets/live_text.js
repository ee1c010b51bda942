// Text announced when it changes (controls.LiveText). keepKeys() is keep_keys.js, which
// controls.py puts in front of this file.
function render({ model, el }) {
  keepKeys();
  const box = document.createElement("div");
  box.className = "tg-live";
  box.setAttribute("role", "status");
  box.setAttribute("aria-live", "polite");
  const sync = () => { box.innerHTML = model.get("html"); };
  sync();
  model.on("change:html", sync);
  el.append(box);
  return () => model.off("change:html", sync);
}
export default { render };
