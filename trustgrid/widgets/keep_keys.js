// JupyterLab's notebook shortcuts listen for keys on the document: in command mode the arrow
// keys move between cells and Enter opens the cell for editing, so ArrowRight on a slider (or
// ArrowDown in a radio group or a drop-down list) moved the cell selection, and Enter on a
// button did not press it. Keys that work a control in a cell's output stay with it. (Voila
// has no such shortcuts.) Installed once per page.
//
// Not a module of its own: front_end.joined puts it in front of the modules that use it
// (anywidget loads each module from its own Blob URL, so they cannot import it).
function keepKeys() {
  if (window.__tgKeepKeys) return;
  window.__tgKeepKeys = true;
  window.addEventListener("keydown", (e) => {
    const t = e.target;
    if (!(t instanceof Element) || !t.closest(".jp-OutputArea-output")) return;
    const moves = /^(Arrow|Page|Home$|End$)/.test(e.key) &&
                  t.matches("input[type=range], input[type=radio], select");
    const presses = (e.key === "Enter" || e.key === " ") &&
                    t.matches("button, input[type=checkbox], input[type=radio], a[href], summary");
    if (moves || presses) e.stopPropagation();
  }, true);
}
