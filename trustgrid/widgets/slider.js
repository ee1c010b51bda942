// A labelled range slider, drawn into el from the model's traits: prefix + "value", "label",
// "hint" and "unset", and the unprefixed "min", "max", "step" and "disabled". A Slider widget
// (controls.Slider) has prefix ""; a placement (placement.GridPlacement) draws two sliders of
// its own, "_competence_" and "_caring_". Returns what stops its listeners.
function drawSlider(model, el, prefix) {
  const key = (name) => prefix + name;
  const id = "tg-slider-" + Math.random().toString(36).slice(2);
  const wrap = document.createElement("div");
  wrap.className = "tg-slider";
  const label = document.createElement("label");
  label.htmlFor = id;
  label.className = "tg-slider-label";
  const input = document.createElement("input");
  input.type = "range";
  input.id = id;
  const out = document.createElement("output");
  out.htmlFor = id;
  out.className = "tg-slider-value";
  const hint = document.createElement("div");
  hint.id = id + "-hint";
  hint.className = "tg-slider-hint";
  input.setAttribute("aria-describedby", hint.id);
  const row = document.createElement("div");
  row.className = "tg-slider-row";
  row.append(input, out);
  wrap.append(label, row, hint);
  el.append(wrap);

  const text = (v) => `${v} out of ${model.get("max")}`;
  const NOT_SET = "not set yet";
  function sync() {
    label.textContent = model.get(key("label"));
    hint.textContent = model.get(key("hint"));
    input.min = model.get("min");
    input.max = model.get("max");
    input.step = model.get("step");
    input.value = model.get(key("value"));
    input.disabled = model.get("disabled");
    const unset = model.get(key("unset"));
    input.setAttribute("aria-valuetext", unset ? NOT_SET : text(model.get(key("value"))));
    out.textContent = unset ? "–" : model.get(key("value"));
    wrap.classList.toggle("tg-slider-unset", unset);
  }
  sync();
  model.on("change", sync);
  input.addEventListener("input", () => {
    const value = Number(input.value);
    out.textContent = value;
    input.setAttribute("aria-valuetext", text(value));
    model.set(key("value"), value);
    model.set(key("unset"), false);
    model.save_changes();
  });
  return () => model.off("change", sync);
}
