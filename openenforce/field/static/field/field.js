/* The field app (掌上执法): an append-only queue in IndexedDB, each item hashed with
   WebCrypto (SHA-256) when it is made; files go up through tus (resumable), then each item
   is sent once with its idempotency key, in queue order. No framework, no build step. */
(() => {
  "use strict";
  const body = document.body;
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  const L = JSON.parse(($("#field-labels") || { textContent: "{}" }).textContent);
  const CHUNK = 256 * 1024;
  const DB_NAME = "oe-field-" + body.dataset.user;

  // --- the queue ------------------------------------------------------------------------
  let opened = null;
  function db() {
    if (!opened) {
      opened = new Promise((resolve, reject) => {
        const req = indexedDB.open(DB_NAME, 1);
        req.onupgradeneeded = () => req.result.createObjectStore("queue", { keyPath: "seq", autoIncrement: true });
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    }
    return opened;
  }
  async function store(mode, work) {
    const d = await db();
    return new Promise((resolve, reject) => {
      const t = d.transaction("queue", mode);
      const req = work(t.objectStore("queue"));
      t.oncomplete = () => resolve(req && req.result);
      t.onerror = () => reject(t.error);
    });
  }
  const items = () => store("readonly", (s) => s.getAll());
  const append = (item) => store("readwrite", (s) => s.add(item));
  const update = (item) => store("readwrite", (s) => s.put(item));
  const remove = (seq) => store("readwrite", (s) => s.delete(seq));

  // --- hashing, keys, time, place ---------------------------------------------------------
  const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
  async function sha256(data) {
    const buf = data instanceof Blob ? await data.arrayBuffer() : data;
    return hex(await crypto.subtle.digest("SHA-256", buf));
  }
  const textBytes = (text) => new TextEncoder().encode(text);
  function newKey() {
    if (crypto.randomUUID) return crypto.randomUUID();
    return hex(crypto.getRandomValues(new Uint8Array(16)));
  }
  const stamp = () => new Date().toISOString();
  const localTime = (iso) => new Date(iso).toLocaleString("zh-CN", { hour12: false });
  function position() {
    if (!navigator.geolocation) return Promise.resolve("");
    return new Promise((resolve) => {
      navigator.geolocation.getCurrentPosition(
        (p) => resolve(p.coords.latitude.toFixed(6) + "," + p.coords.longitude.toFixed(6)),
        () => resolve(""),
        { timeout: 3000, maximumAge: 60000 },
      );
    });
  }
  function bytesToBase64(buf) {
    let text = "";
    const bytes = new Uint8Array(buf);
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(text);
  }

  // --- what the page shows -----------------------------------------------------------------
  const task = $("#task-data") ? JSON.parse($("#task-data").textContent) : null;
  function say(text) {
    const out = $("#field-status");
    if (out) out.textContent = text;
  }
  function netState() {
    const net = $("#net");
    if (!net) return;
    net.textContent = navigator.onLine ? net.dataset.online : net.dataset.offline;
    net.classList.toggle("off", !navigator.onLine);
  }
  async function refresh() {
    const all = await items();
    const badge = $("#pending-count");
    if (badge) {
      badge.textContent = String(all.length);
      badge.hidden = all.length === 0;
    }
    const list = $("#pending");
    if (list) {
      list.replaceChildren(...all.map((it) => {
        const li = document.createElement("li");
        li.dataset.state = it.state || "pending";
        const done = it.file ? Math.round((100 * (it.offset || 0)) / it.file.size) + "%" : "";
        li.textContent = [L[it.kind] || it.kind, localTime(it.captured_at), "SHA-256 " + it.sha256.slice(0, 16) + "…",
          L[it.state || "pending"], done, it.error || ""].filter(Boolean).join(" · ");
        return li;
      }));
      if (!all.length) list.replaceChildren(Object.assign(document.createElement("li"), { textContent: list.dataset.empty, className: "empty" }));
    }
    const captured = $("#captured");
    if (captured && task) {
      captured.replaceChildren(...all.filter((it) => it.case === task.case).map((it) => {
        const li = document.createElement("li");
        li.textContent = (L[it.media] || L[it.kind]) + " · " + localTime(it.captured_at) + " · " + it.sha256.slice(0, 12) + "…";
        return li;
      }));
    }
  }

  async function queue(item) {
    item.key = newKey();
    item.captured_at = item.captured_at || stamp();
    item.position = await position();
    item.state = "pending";
    await append(item);
    say(L.queued);
    await refresh();
    sync();
  }

  // --- capture ---------------------------------------------------------------------------------
  $$("input[data-media]").forEach((input) => input.addEventListener("change", async () => {
    const file = input.files[0];
    if (!file || !task) return;
    const captured_at = stamp();
    const digest = await sha256(file); // at capture, before anything else touches the file
    input.value = "";
    await queue({ kind: "capture", case: task.case, media: input.dataset.media, file, name: file.name || input.dataset.media,
      sha256: digest, captured_at, offset: 0, title: "" });
  }));
  const bodycam = $("#bodycam");
  if (bodycam) bodycam.addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = new FormData(bodycam);
    const from = new Date(f.get("from")).toISOString();
    const until = new Date(f.get("until")).toISOString();
    const line = f.get("device") + "|" + from + "|" + until;
    await queue({ kind: "capture", case: task.case, media: "bodycam", device: f.get("device"), captured_at: from,
      window_end: until, sha256: await sha256(textBytes(line)) });
    bodycam.reset();
  });

  // --- the texts the party reads -----------------------------------------------------------------
  function recordText(form) {
    const f = new FormData(form);
    const lines = ["现场检查笔录", "被检查人：" + task.target, "检查地点：" + (f.get("place") || task.address),
      "检查时间：" + localTime(stamp()), "检查人员：" + task.officer, "在场人员：" + (f.get("present") || "无"),
      "执法人员已出示执法证件，告知被检查人申请回避的权利和配合检查的义务。", "检查情况："];
    const checklist = $$("fieldset.check", form).map((fs, i) => {
      const result = (fs.querySelector("input[type=radio]:checked") || {}).value || "";
      const note = fs.querySelector("input[name^=n]").value.trim();
      lines.push(i + 1 + ". " + fs.dataset.item + "：" + result + (note ? "；" + note : ""));
      return { item: fs.dataset.item, result, note };
    });
    if ((f.get("findings") || "").trim()) lines.push("其他情况：" + f.get("findings").trim());
    lines.push("以上笔录已交被检查人阅读，确认无误。");
    return { text: lines.join("\n"), fields: { checklist, place: f.get("place") || "", present: f.get("present") || "" } };
  }
  function decisionText(form) {
    const f = new FormData(form);
    const fine = (f.get("fine") || "").trim();
    const penalty = f.get("penalty_kind") === "fine" ? "罚款人民币" + fine + "元" : "警告";
    const lines = ["当场行政处罚决定书", "当事人：" + task.target, "时间：" + localTime(stamp()),
      "地点：" + (f.get("place") || task.address), "违法事实：" + f.get("facts"),
      "违反规定：" + (f.get("violated") || ""), "处罚依据：" + (f.get("basis") || ""), "处罚种类和数额：" + penalty,
      "当事人对本决定不服的，可以自收到本决定书之日起六十日内依法申请行政复议，或者六个月内依法向人民法院提起行政诉讼。",
      "执法人员：" + task.officer];
    return { text: lines.join("\n"), fields: { matter: f.get("matter"), facts: f.get("facts"), violated: f.get("violated") || "",
      basis: f.get("basis") || "", penalty_kind: f.get("penalty_kind"), fine, place: f.get("place") || "" } };
  }

  // --- the finger signature ---------------------------------------------------------------------
  function signPad(box) {
    const canvas = $("canvas", box);
    const ctx = canvas.getContext("2d");
    let drawing = false, strokes = 0;
    ctx.lineWidth = 3; ctx.lineCap = "round"; ctx.strokeStyle = "#000";
    const at = (e) => { const r = canvas.getBoundingClientRect(); return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height]; };
    canvas.addEventListener("pointerdown", (e) => { drawing = true; strokes += 1; ctx.beginPath(); ctx.moveTo(...at(e)); canvas.setPointerCapture(e.pointerId); });
    canvas.addEventListener("pointermove", (e) => { if (drawing) { ctx.lineTo(...at(e)); ctx.stroke(); } });
    canvas.addEventListener("pointerup", () => { drawing = false; });
    const clear = () => { ctx.clearRect(0, 0, canvas.width, canvas.height); strokes = 0; };
    $("[data-clear]", box).addEventListener("click", clear);
    return { canvas, empty: () => strokes === 0, clear };
  }
  function wire(formId, make) {
    const form = $("#" + formId + "-form");
    const box = $('[data-sign="' + formId + '"]');
    if (!form || !box) return;
    const pad = signPad(box);
    let shown = null;
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      shown = make(form);
      $("[data-text]", box).textContent = shown.text;
      shown.sha256 = await sha256(textBytes(shown.text));
      $("[data-text-hash]", box).textContent = shown.sha256;
      shown.captured_at = stamp();
      box.hidden = false;
      pad.clear();
      box.scrollIntoView();
    });
    const done = () => { box.hidden = true; form.reset(); shown = null; };
    $("[data-confirm]", box).addEventListener("click", async () => {
      if (!shown || pad.empty()) { say(L.sign_first); return; }
      const png = await new Promise((resolve) => pad.canvas.toBlob(resolve, "image/png"));
      const buf = await png.arrayBuffer();
      const signature = { image: bytesToBase64(buf), sha256: await sha256(buf), signer: $("[data-signer]", box).value.trim() };
      await queue({ kind: formId, case: task.case, text: shown.text, sha256: shown.sha256, captured_at: shown.captured_at, signature, ...shown.fields });
      done();
    });
    $("[data-refuse]", box).addEventListener("click", async () => {
      if (!shown) return;
      const witnesses = $$("[data-witness]:checked", box).map((w) => Number(w.value));
      if (!witnesses.length) { say(L.witness_first); return; }
      const refusal = { witnesses, note: $("[data-refusal-note]", box).value.trim() };
      await queue({ kind: formId, case: task.case, text: shown.text, sha256: shown.sha256, captured_at: shown.captured_at, refusal, ...shown.fields });
      done();
    });
  }
  if (task) { wire("record", recordText); wire("decision", decisionText); }

  // --- sync ---------------------------------------------------------------------------------------
  const csrf = () => $("#csrf").value;
  function tusHeaders(extra) { return Object.assign({ "Tus-Resumable": "1.0.0", "X-CSRFToken": csrf() }, extra); }
  async function upload(item) {
    if (!item.upload) {
      const meta = "filename " + bytesToBase64(textBytes(item.name));
      const r = await fetch(body.dataset.tus, { method: "POST", credentials: "same-origin",
        headers: tusHeaders({ "Upload-Length": String(item.file.size), "Upload-Metadata": meta }) });
      if (r.status !== 201) throw new Refused(r, await r.json().catch(() => ({})));
      item.upload = r.headers.get("Location");
      item.offset = 0;
      await update(item);
    }
    const head = await fetch(item.upload, { method: "HEAD", credentials: "same-origin", headers: tusHeaders({}) });
    if (head.status === 404 || head.status === 410) { item.upload = null; await update(item); return upload(item); }
    let offset = Number(head.headers.get("Upload-Offset") || 0);
    while (offset < item.file.size) {
      const chunk = item.file.slice(offset, offset + CHUNK);
      const r = await fetch(item.upload, { method: "PATCH", credentials: "same-origin", body: chunk,
        headers: tusHeaders({ "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" }) });
      if (r.status !== 204) throw new Refused(r, await r.json().catch(() => ({})));
      offset = Number(r.headers.get("Upload-Offset"));
      item.offset = offset;
      await update(item);
      await refresh();
    }
    return item.upload.split("/").pop();
  }
  class Refused extends Error {
    constructor(response, answer) { super(answer.message || String(response.status)); this.status = response.status; this.answer = answer; }
  }
  async function send(item) {
    const payload = Object.assign({}, item);
    delete payload.file; delete payload.offset; delete payload.state; delete payload.error;
    if (item.file) payload.upload = await upload(item);
    const r = await fetch(body.dataset.items, { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() }, body: JSON.stringify(payload) });
    const answer = await r.json().catch(() => ({}));
    if (r.status >= 500 || r.status === 0) throw new Error("server " + r.status);
    if (r.status === 200 || r.status === 201 || r.status === 409) {
      await remove(item.seq);
      if (answer.pdf) showResult(answer);
      if (r.status === 409) say(L.conflict);
      return;
    }
    throw new Refused(r, answer);
  }
  function showResult(answer) {
    const out = $("#field-status");
    if (!out) return;
    const link = Object.assign(document.createElement("a"), { href: answer.pdf, textContent: (answer.number || "") + " PDF", target: "_blank" });
    link.className = "pdf";
    out.after(Object.assign(document.createElement("p"), { className: "result" }));
    out.nextElementSibling.append(link);
  }
  let running = false;
  async function sync() {
    if (running || !navigator.onLine) return;
    running = true;
    try {
      const all = (await items()).sort((a, b) => a.seq - b.seq);
      for (const item of all) {
        if (item.state === "refused") continue;
        try {
          await send(item);
        } catch (err) {
          if (!(err instanceof Refused) || err.status === 403 && err.answer.code === "csrf_failed") break; // network: resume later, in order
          item.state = "refused";
          item.error = err.message;
          await update(item);
        }
      }
      if (!(await items()).some((i) => i.state !== "refused")) say(L.synced);
    } finally {
      running = false;
      await refresh();
    }
  }

  // --- the certificate: an expired one is never shown as valid, even from the cache ---------------
  const cert = $("#cert");
  if (cert && cert.classList.contains("valid")) {
    const today = new Date().toISOString().slice(0, 10);
    if (cert.dataset.validTo < today) {
      cert.classList.replace("valid", "invalid");
      $("#cert-qr").remove();
      $("#cert-state").textContent = cert.dataset.expired;
    }
  }

  // Today's task pages are fetched while there is a network, so that the service worker
  // keeps them for use on site without one.
  if (navigator.onLine) $$('#tasks a.card').forEach((a) => fetch(a.href, { credentials: "same-origin" }).catch(() => {}));

  const now = $("#sync-now");
  if (now) now.addEventListener("click", sync);
  window.addEventListener("online", () => { netState(); sync(); });
  window.addEventListener("offline", netState);
  setInterval(sync, 10000);
  netState();
  refresh().then(sync);
  if ("serviceWorker" in navigator && body.dataset.sw) navigator.serviceWorker.register(body.dataset.sw, { scope: body.dataset.sw.replace(/sw\.js$/, "") });
  window.oeField = { items, sync, sha256 };
})();
