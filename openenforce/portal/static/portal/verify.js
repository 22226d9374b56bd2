/* Checks a published item's inclusion proof in the browser (RFC 9162 §2.1.3.2):
   leaf = SHA-256(0x00 || entry), then each step SHA-256(0x01 || left || right), and the
   result must equal the root of the signed checkpoint shown on the page. Progressive
   enhancement: the page reads the same without this script, and the CLI repeats the check
   (it also verifies the checkpoint's signature, which this script does not). ES5 only. */
(function () {
  "use strict";
  var out = document.getElementById("js-check");
  var dataNode = document.getElementById("proof-data");
  if (!out || !dataNode) { return; }
  var data = JSON.parse(dataNode.textContent);
  function say(text, cls) {
    out.className = "verdict " + cls;
    out.innerHTML = "";
    var p = document.createElement("p");
    p.className = "v-word";
    p.appendChild(document.createTextNode(text));
    out.appendChild(p);
    out.removeAttribute("hidden");
    // A failed check must not stay folded away under the technical details.
    var fold = out.parentNode;
    while (fold && fold.nodeName !== "DETAILS") { fold = fold.parentNode; }
    if (fold && cls === "verdict-bad") { fold.open = true; }
  }
  var msg = out.dataset ? out.dataset : {
    ok: out.getAttribute("data-ok"), bad: out.getAttribute("data-bad"),
    nocrypto: out.getAttribute("data-nocrypto"), sm3: out.getAttribute("data-sm3")
  };
  if (data.hash !== "sha256") { say(msg.sm3, "verdict-warn"); return; }
  var subtle = window.crypto && window.crypto.subtle;
  if (!subtle || !window.Uint8Array) { say(msg.nocrypto, "verdict-warn"); return; }
  function bytes(b64) {
    var s = atob(b64), a = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) { a[i] = s.charCodeAt(i); }
    return a;
  }
  function concat(prefix, x, y) {
    var a = new Uint8Array(1 + x.length + (y ? y.length : 0));
    a[0] = prefix; a.set(x, 1); if (y) { a.set(y, 1 + x.length); }
    return a;
  }
  function sha(a) { return subtle.digest("SHA-256", a).then(function (d) { return new Uint8Array(d); }); }
  function equal(x, y) {
    if (x.length !== y.length) { return false; }
    for (var i = 0; i < x.length; i++) { if (x[i] !== y[i]) { return false; } }
    return true;
  }
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
        nodes[k].className = "verdict js-entry-check " + (ok ? "verdict-ok" : "verdict-bad");
        nodes[k].innerHTML = "";
        var p = document.createElement("p");
        p.className = "v-word";
        p.appendChild(document.createTextNode(ok ? msg.ok : msg.bad));
        nodes[k].appendChild(p);
        nodes[k].removeAttribute("hidden");
      }
    }
  }
  var root = bytes(data.root);
  var entries = data.versions || data.entries || [data];
  var all = Promise.resolve(true);
  entries.forEach(function (e) {
    all = all.then(function (sofar) {
      return check(e).then(function (ok) { mark(e.sequence, ok); return sofar && ok; });
    });
  });
  all.then(function (ok) { say(ok ? msg.ok : msg.bad, ok ? "verdict-ok" : "verdict-bad"); });
}());
