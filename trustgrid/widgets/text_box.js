// A labelled text box (controls.TextBox).
function render({ model, el }) {
  const id = "tg-text-" + Math.random().toString(36).slice(2);
  const wrap = document.createElement("div");
  wrap.className = "tg-text";
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = model.get("label");
  const hint = document.createElement("div");
  hint.className = "tg-text-hint";
  hint.id = id + "-hint";
  hint.textContent = model.get("hint");
  const box = document.createElement("textarea");
  box.id = id;
  box.rows = model.get("rows");
  box.maxLength = model.get("max_length");
  box.placeholder = model.get("placeholder");
  box.value = model.get("value");
  box.setAttribute("aria-describedby", hint.id);
  wrap.append(label, hint, box);
  el.append(wrap);
  // Send what was typed after a short pause, and at once when the box loses focus,
  // so a learner's words reach the kernel (and are saved) without lag while typing.
  let timer = null;
  const send = () => {
    clearTimeout(timer);
    if (box.value !== model.get("value")) { model.set("value", box.value); model.save_changes(); }
  };
  box.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(send, 400); });
  box.addEventListener("blur", send);
  const sync = () => { if (document.activeElement !== box) box.value = model.get("value"); };
  model.on("change:value", sync);
  return () => { send(); model.off("change:value", sync); };
}
export default { render };
