// The live preview page. Everything the server sends is put on the page as text (textContent), never as
// HTML: messages quote what users typed. The event stream says "something changed"; the page then asks
// for the list and the chosen document again.
"use strict";

const STATES = {
  "sach": "Không có lỗi",
  "canh-bao": "Có cảnh báo",
  "loi": "Có lỗi",
  "khong-doc-duoc": "Không đọc được",
  "chua-kiem-tra": "Đang chờ kiểm tra",
};
const SEVERITY = { error: "lỗi", warning: "cảnh báo" };
let chosen = decodeURIComponent(location.hash.slice(1)) || null;
let tab = "loi";
let diffText = null;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "class") node.className = value;
    else if (name === "onclick") node.addEventListener("click", value);
    else node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

async function getJSON(url) {
  const response = await fetch(url, { cache: "no-store" });
  return response.json();
}

function badge(doc) {
  let text = STATES[doc.state] || doc.state;
  if (doc.state === "loi" || doc.state === "canh-bao") text = `${doc.errors} lỗi, ${doc.warnings} cảnh báo`;
  if (doc.building) text = "Đang kiểm tra…";
  return el("span", { class: `trang-thai ${doc.state}`, "data-state": doc.state }, text);
}

function renderList(data) {
  const list = document.getElementById("danh-sach");
  list.replaceChildren();
  let group = null;
  for (const doc of data.documents) {
    if (doc.commune !== group) {
      group = doc.commune;
      list.append(el("li", { class: "nhom" }, group));
    }
    const link = el("a", { href: `#${encodeURIComponent(doc.id)}`, "data-id": doc.id, "aria-current": String(doc.id === chosen) },
      el("span", {}, `${doc.label} ${doc.year}`), badge(doc));
    list.append(el("li", {}, link));
  }
  const office = document.getElementById("may-in");
  office.hidden = !data.office;
  office.textContent = data.office || "";
}

function place(p) {
  const parts = [];
  if (p.line) parts.push(`dòng ${p.line}`);
  if (p.column) parts.push(`cột ${p.column}`);
  if (p.field) parts.push(`trường «${p.field}»`);
  if (p.unit) parts.push(`đơn vị «${p.unit}»`);
  return parts.join(", ");
}

function findingsView(doc) {
  if (!doc.files.length) {
    return el("p", { class: "ghi-chu", id: "khong-loi" },
      doc.state === "chua-kiem-tra" ? "Đang kiểm tra…" : "Không có lỗi: mọi số liệu đã ghi khớp với số liệu tính được.");
  }
  const box = el("div", { id: "cac-loi" });
  for (const group of doc.files) {
    const file = el("section", { class: "tep" }, el("h4", {}, group.file || "(chung)"));
    for (const f of group.findings) {
      const item = el("div", { class: `loi-muc muc-${f.severity === "error" ? "loi" : "canh-bao"}`, "data-code": f.code },
        el("span", { class: "ma" }, f.code), " ",
        el("span", {}, `[${SEVERITY[f.severity] || f.severity}]`), " ",
        el("span", { class: "noi" }, place(f.place || {})), " ",
        el("span", { class: "thong-diep" }, f.message));
      if (f.source) item.append(el("pre", { class: "dong-nguon" }, f.source));
      file.append(item);
    }
    box.append(file);
  }
  return box;
}

function pagesView(doc) {
  const box = el("div", { id: "cac-trang" });
  if (doc.note) box.append(el("p", { class: doc.pages_stale ? "cu" : "ghi-chu", id: "ghi-chu-trang" }, doc.note));
  const pages = el("div", { class: `trang${doc.pages_stale ? " cu-trang" : ""}` });
  doc.pages.forEach((page, i) => pages.append(el("img", { src: `/${page}`, alt: `Trang ${i + 1}`, "data-stale": String(doc.pages_stale) })));
  box.append(pages);
  return box;
}

function diffView(doc) {
  const box = el("div", { id: "so-sanh" });
  const ask = async (against) => {
    diffText = "Đang so sánh…";
    render(doc);
    const data = await getJSON(`/api/diff/${encodeURIComponent(doc.id)}?so-voi=${against}`);
    diffText = data.text || data.error || "";
    render(doc);
  };
  box.append(el("button", { onclick: () => ask("nam-truoc") }, "So với năm trước"), " ",
    el("button", { onclick: () => ask("commit") }, "So với lần lưu gần nhất vào kho (commit)"));
  if (diffText) box.append(el("pre", {}, diffText));
  return box;
}

function render(doc) {
  const main = document.getElementById("van-ban");
  const tabs = [["loi", `Lỗi và cảnh báo (${doc.errors + doc.warnings})`], ["trang", "Trang văn bản"], ["so-sanh", "So sánh"]];
  const downloads = el("p", { class: "tai-ve" });
  const old = doc.pages_stale ? " (bản trước, chưa cập nhật)" : "";
  if (doc.docx) downloads.append(el("a", { href: `/${doc.docx}`, id: "tai-docx" }, `Tải tệp Word (.docx)${old}`));
  if (doc.pdf) downloads.append(el("a", { href: `/${doc.pdf}`, id: "tai-pdf", target: "_blank" }, `Mở tệp PDF${old}`));
  const views = { loi: findingsView, trang: pagesView, "so-sanh": diffView };
  main.replaceChildren(
    el("h2", {}, `${doc.label} năm ${doc.year} — ${doc.commune}`),
    el("p", {}, badge(doc)),
    downloads,
    el("div", { class: "the", role: "tablist" }, ...tabs.map(([key, label]) =>
      el("button", { "aria-pressed": String(key === tab), "data-tab": key, onclick: () => { tab = key; render(doc); } }, label))),
    views[tab](doc),
  );
}

async function refresh() {
  const data = await getJSON("/api/documents");
  if (!chosen && data.documents.length) chosen = data.documents[0].id;
  renderList(data);
  if (chosen) {
    const doc = await getJSON(`/api/document/${encodeURIComponent(chosen)}`);
    if (!doc.error) render(doc);
  }
}

window.addEventListener("hashchange", () => {
  chosen = decodeURIComponent(location.hash.slice(1));
  diffText = null;
  refresh();
});

const status = document.getElementById("ket-noi");
const events = new EventSource("/events");
events.onopen = () => { status.textContent = "Đã kết nối: trang tự cập nhật khi lưu tệp."; };
events.onerror = () => { status.textContent = "Mất kết nối với lệnh invoke serve; đang thử lại…"; };
events.onmessage = () => { refresh(); };
refresh();
