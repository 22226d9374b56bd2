/* Checks a published item's proof in the browser, with nothing taken on the server's word.

   1. Inclusion (RFC 9162 §2.1.3.2): leaf = SHA-256(0x00 || entry), then each step
      SHA-256(0x01 || left || right); the result must equal the root of the checkpoint.
   2. Witnesses (C2SP tlog-cosignature, Ed25519 cosignature/v1): the checkpoint must carry
      valid cosignatures from at least a quorum of the witness keys the citizen pasted in
      the page's form (kept in this browser's localStorage), never from keys the site
      supplies; without keys the page says plainly that no witness was checked.

   Progressive enhancement: the page reads the same without this script, and the CLI
   repeats both checks (it also verifies the log's own signature). ES5 only. */
(function () {
  "use strict";
  var out = document.getElementById("js-check");
  var dataNode = document.getElementById("proof-data");
  if (!out || !dataNode) { return; }
  var data = JSON.parse(dataNode.textContent);
  var subtle = window.crypto && window.crypto.subtle;
  var STORE_KEYS = "openenforce.witness.keys", STORE_QUORUM = "openenforce.witness.quorum";

  function messages(node) {
    var m = {};
    for (var i = 0; i < node.attributes.length; i++) {
      var a = node.attributes[i];
      if (a.name.indexOf("data-") === 0) { m[a.name.slice(5)] = a.value; }
    }
    return m;
  }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, k) { return values.hasOwnProperty(k) ? values[k] : all; });
  }
  function show(node, text, cls, base) {
    node.className = (base || "verdict") + " " + cls;
    node.innerHTML = "";
    var p = document.createElement("p");
    p.className = "v-word";
    p.appendChild(document.createTextNode(text));
    node.appendChild(p);
    node.removeAttribute("hidden");
    // A failed check must not stay folded away under the technical details.
    var fold = node.parentNode;
    while (fold && fold.nodeName !== "DETAILS") { fold = fold.parentNode; }
    if (fold && cls === "verdict-bad") { fold.open = true; }
  }
  var msg = messages(out);
  function say(text, cls) { show(out, text, cls); }

  function bytes(b64) {
    var s = atob(b64), a = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) { a[i] = s.charCodeAt(i); }
    return a;
  }
  function utf8(text) {
    var s = unescape(encodeURIComponent(text)), a = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) { a[i] = s.charCodeAt(i); }
    return a;
  }
  function join(parts) {
    var n = 0, i;
    for (i = 0; i < parts.length; i++) { n += parts[i].length; }
    var a = new Uint8Array(n), at = 0;
    for (i = 0; i < parts.length; i++) { a.set(parts[i], at); at += parts[i].length; }
    return a;
  }
  function concat(prefix, x, y) { return join([new Uint8Array([prefix]), x, y || new Uint8Array(0)]); }
  function sha(a) { return subtle.digest("SHA-256", a).then(function (d) { return new Uint8Array(d); }); }
  function equal(x, y) {
    if (x.length !== y.length) { return false; }
    for (var i = 0; i < x.length; i++) { if (x[i] !== y[i]) { return false; } }
    return true;
  }
  function hex(a) {
    var s = "";
    for (var i = 0; i < a.length; i++) { s += (a[i] < 16 ? "0" : "") + a[i].toString(16); }
    return s;
  }

  // -- 1. inclusion --------------------------------------------------------------------
  var root = bytes(data.root);
  // Check one entry: its leaf, then the path up to the checkpoint's root.
  function check(e) {
    var path = e.proof.map(bytes), index = e.sequence, size = data.size;
    return sha(concat(0, bytes(e.entry))).then(function (leaf) {
      if (!equal(leaf, bytes(e.leaf_hash))) { throw new Error("leaf"); }
      var fn = index, sn = size - 1, i = 0;
      function step(acc) {
        if (i === path.length) { return acc; }
        var p = path[i++];
        if (sn === 0) { throw new Error("path too long"); }
        var next;
        if (fn % 2 === 1 || fn === sn) {
          next = sha(concat(1, p, acc));
          if (fn % 2 === 0) { while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); } }
        } else {
          next = sha(concat(1, acc, p));
        }
        fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
        return next.then(step);
      }
      return step(leaf).then(function (computed) {
        if (sn !== 0) { throw new Error("path too short"); }
        return equal(computed, root);
      });
    }).then(null, function () { return false; });
  }
  // Each entry shown on the page (a version or a history row) gets its own mark.
  function mark(sequence, ok) {
    var nodes = document.querySelectorAll(".js-entry-check");
    for (var k = 0; k < nodes.length; k++) {
      if (String(nodes[k].getAttribute("data-sequence")) === String(sequence)) {
        show(nodes[k], ok ? msg.ok : msg.bad, ok ? "verdict-ok" : "verdict-bad", "verdict js-entry-check");
      }
    }
  }
  function inclusion() {
    if (data.hash !== "sha256") { say(msg.sm3, "verdict-warn"); return; }
    if (!subtle || !window.Uint8Array) { say(msg.nocrypto, "verdict-warn"); return; }
    var entries = data.versions || data.entries || [data];
    var all = Promise.resolve(true);
    entries.forEach(function (e) {
      all = all.then(function (sofar) {
        return check(e).then(function (ok) { mark(e.sequence, ok); return sofar && ok; });
      });
    });
    all.then(function (ok) { say(ok ? msg.ok : msg.bad, ok ? "verdict-ok" : "verdict-bad"); });
  }

  // -- 2. witnesses --------------------------------------------------------------------
  var panel = document.getElementById("witness-check");
  var wout = document.getElementById("witness-verdict");
  var wmsg = wout ? messages(wout) : {};
  var DASH = "\u2014";

  // A witness verifier key: <name>+<hex key id>+base64(0x04 || 32-byte Ed25519 key).
  function parseKey(text) {
    var first = text.indexOf("+"), second = text.indexOf("+", first + 1);
    if (first < 1 || second < 0) { return Promise.reject(new Error(text)); }
    var name = text.slice(0, first), id = text.slice(first + 1, second), blob;
    try { blob = bytes(text.slice(second + 1)); } catch (e) { return Promise.reject(new Error(text)); }
    if (!/^[0-9a-f]{8}$/.test(id) || blob.length !== 33 || blob[0] !== 4) { return Promise.reject(new Error(text)); }
    return sha(join([utf8(name + "\n"), blob])).then(function (d) {
      if (hex(d.slice(0, 4)) !== id) { throw new Error(text); }
      return subtle.importKey("raw", blob.slice(1), { name: "Ed25519" }, false, ["verify"]).then(function (key) {
        return { name: name, id: d.slice(0, 4), key: key, text: text };
      });
    });
  }
  // The note's body (with its final newline) and its signature lines.
  function splitNote(note) {
    var at = note.lastIndexOf("\n\n");
    if (at < 0) { return null; }
    return { body: note.slice(0, at + 1), lines: note.slice(at + 2).split("\n").filter(function (l) { return l; }) };
  }
  // Resolves to "signed", "absent" or "bad" (a line claiming this key that does not verify).
  function cosigned(w, note) {
    var result = Promise.resolve("absent");
    note.lines.forEach(function (line) {
      var parts = line.split(" ");
      if (parts.length !== 3 || parts[0] !== DASH || parts[1] !== w.name) { return; }
      var raw;
      try { raw = bytes(parts[2]); } catch (e) { return; }
      if (!equal(raw.slice(0, 4), w.id)) { return; }
      result = result.then(function (sofar) {
        if (sofar !== "absent") { return sofar; }
        if (raw.length !== 76) { return "bad"; }
        var time = 0;
        for (var i = 4; i < 12; i++) { time = time * 256 + raw[i]; }
        var signed = utf8("cosignature/v1\ntime " + time + "\n" + note.body);
        return subtle.verify({ name: "Ed25519" }, w.key, raw.slice(12), signed).then(function (ok) {
          return ok && time > 0 ? "signed" : "bad";
        });
      });
    });
    return result;
  }
  // The checkpoint the witnesses cosigned must be the one the proofs lead to.
  function sameCheckpoint(body) {
    var lines = body.split("\n");
    return String(lines[1]) === String(data.size) && lines[2] === data.root;
  }
  function witnesses(keysText, quorumText) {
    var texts = keysText.split("\n").map(function (l) { return l.trim(); }).filter(function (l) { return l; });
    if (!texts.length) { show(wout, wmsg.none, "verdict-warn"); return; }
    if (!subtle || !window.Promise) { show(wout, wmsg.nocrypto, "verdict-warn"); return; }
    var quorum = quorumText ? parseInt(quorumText, 10) : texts.length;
    if (!(quorum >= 1) || quorum > texts.length) {
      show(wout, fill(wmsg.badquorum, { quorum: quorumText, count: texts.length }), "verdict-bad");
      return;
    }
    var note = splitNote(data.checkpoint || "");
    if (!note || !sameCheckpoint(note.body)) { show(wout, wmsg.mismatch, "verdict-bad"); return; }
    var keys = [];
    var parsed = Promise.resolve();
    texts.forEach(function (t) {
      parsed = parsed.then(function () { return parseKey(t).then(function (k) { keys.push(k); }); });
    });
    parsed.then(function () {
      return Promise.all(keys.map(function (k) { return cosigned(k, note); }));
    }).then(function (states) {
      var signed = [], missing = [], bad = [];
      keys.forEach(function (k, i) {
        (states[i] === "signed" ? signed : states[i] === "bad" ? bad : missing).push(k.name);
      });
      var values = {
        count: signed.length, quorum: quorum, names: signed.join(", ") || "-",
        missing: missing.concat(bad).join(", ") || "-"
      };
      if (bad.length) { show(wout, fill(wmsg.forged, { names: bad.join(", ") }), "verdict-bad"); }
      else if (signed.length >= quorum) { show(wout, fill(wmsg.ok, values), "verdict-ok"); }
      else { show(wout, fill(wmsg.bad, values), "verdict-bad"); }
    }, function (err) {
      var text = err && err.name === "NotSupportedError" ? wmsg.nocrypto : fill(wmsg.badkey, { key: err && err.message });
      show(wout, text, err && err.name === "NotSupportedError" ? "verdict-warn" : "verdict-bad");
    });
  }
  function stored(name) {
    try { return window.localStorage.getItem(name) || ""; } catch (e) { return ""; }
  }
  function store(name, value) {
    try { window.localStorage.setItem(name, value); } catch (e) { /* private mode: not kept */ }
  }
  if (panel && wout) {
    var form = panel.querySelector("form");
    var keysField = document.getElementById("witness-keys");
    var quorumField = document.getElementById("witness-quorum");
    keysField.value = stored(STORE_KEYS);
    quorumField.value = stored(STORE_QUORUM);
    panel.removeAttribute("hidden");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      store(STORE_KEYS, keysField.value.trim());
      store(STORE_QUORUM, quorumField.value.trim());
      witnesses(keysField.value, quorumField.value.trim());
    });
    witnesses(keysField.value, quorumField.value.trim());
  }
  inclusion();
}());
