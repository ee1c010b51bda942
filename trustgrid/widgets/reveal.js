// A Reveal (answers.RevealsAnswer) drawn into el from the model's _reveal_* traits: its button,
// marked up as an ipywidgets Button so it looks like the course's other buttons, and the
// panel it fills (a live region, live_text.js); or, with no answer, the withheld note and the
// panel. A press asks Python to reveal ({kind: "reveal"}): Python decides, and the button,
// its words and the panel follow what it says. Returns what stops its listeners.
function drawReveal(model, el) {
  const box = document.createElement("div");
  box.className = "tg-reveal-body";
  const withheld = model.get("_reveal_withheld");
  if (withheld) {
    const note = document.createElement("p");
    note.className = "tg-withheld";
    note.style.cssText = "font-style:italic;color:#333";
    note.textContent = withheld;
    box.append(note);
    el.append(box);
    return drawLiveText(model, el, "_reveal_html");
  }
  const button = document.createElement("button");
  button.type = "button";
  const icon = document.createElement("i");
  icon.className = "fa fa-eye";
  const words = document.createElement("span");
  button.append(icon, words);
  button.addEventListener("click", () => {
    if (!button.disabled) model.send({ kind: "reveal" });
  });
  box.append(button);
  el.append(box);
  function sync() {
    const style = model.get("_reveal_style");
    button.className = "jupyter-widgets jupyter-button widget-button" +
      (style ? ` mod-${style}` : "");
    button.style.margin = model.get("_reveal_margin");
    button.style.width = "fit-content";
    words.textContent = model.get("_reveal_label");
    button.title = model.get("_reveal_tooltip");
    button.disabled = model.get("_reveal_disabled");
  }
  sync();
  const events = "change:_reveal_label change:_reveal_tooltip change:_reveal_disabled " +
                 "change:_reveal_style change:_reveal_margin";
  model.on(events, sync);
  const stopPanel = drawLiveText(model, el, "_reveal_html");
  return () => {
    model.off(events, sync);
    stopPanel();
  };
}
