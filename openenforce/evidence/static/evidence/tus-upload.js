/*
 * A small tus 1.0 client for the evidence form: the chosen file is uploaded in chunks
 * (PATCH) to /api/v1/uploads/ with a progress bar, can be paused, and resumes after an
 * interruption or a page reload (the upload URL is kept in localStorage; HEAD asks the
 * server for its offset). When the upload is complete, the form is submitted with the
 * upload's id instead of the file. Without JavaScript the form uploads the file as usual.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var CHUNK = 4 * 1024 * 1024;
  var msg = function (name) { return (script && script.dataset["msg" + name]) || name; };

  function metadataValue(text) {
    var bytes = new TextEncoder().encode(text);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary);
  }

  function storageKey(file) {
    return "oe-tus:" + file.name + ":" + file.size + ":" + file.lastModified;
  }

  function send(method, url, headers, body, onProgress, state) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      state.xhr = xhr;
      xhr.open(method, url);
      Object.keys(headers).forEach(function (name) { xhr.setRequestHeader(name, headers[name]); });
      if (onProgress && xhr.upload) {
        xhr.upload.onprogress = function (event) { onProgress(event.loaded); };
      }
      xhr.onload = function () { state.xhr = null; resolve(xhr); };
      xhr.onerror = function () { state.xhr = null; reject(new Error("network")); };
      xhr.onabort = function () { state.xhr = null; reject(new Error("paused")); };
      xhr.send(body || null);
    });
  }

  function errorText(xhr) {
    try { return JSON.parse(xhr.responseText).message; } catch (e) { return xhr.status + " " + xhr.statusText; }
  }

  function checksum(blob) {
    if (!(window.crypto && window.crypto.subtle && blob.arrayBuffer)) { return Promise.resolve(null); }
    return blob.arrayBuffer().then(function (buffer) {
      return window.crypto.subtle.digest("SHA-256", buffer);
    }).then(function (digest) {
      var bytes = new Uint8Array(digest), binary = "";
      for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
      return "sha256 " + btoa(binary);
    }, function () { return null; });
  }

  function Upload(form) {
    this.form = form;
    this.endpoint = form.dataset.tusEndpoint;
    this.input = form.querySelector("input[type=file]");
    this.hidden = form.querySelector("input[name=upload]");
    this.box = form.querySelector(".tus-progress");
    this.bar = this.box.querySelector("progress");
    this.status = this.box.querySelector("[data-tus-status]");
    this.pauseButton = this.box.querySelector("[data-tus-pause]");
    this.csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    this.state = { xhr: null, paused: false, running: false };
    var self = this;
    form.addEventListener("submit", function (event) { self.onSubmit(event); });
    this.pauseButton.addEventListener("click", function () { self.togglePause(); });
  }

  Upload.prototype.headers = function (extra) {
    var headers = { "Tus-Resumable": "1.0.0", "X-CSRFToken": this.csrf };
    Object.keys(extra || {}).forEach(function (name) { headers[name] = extra[name]; });
    return headers;
  };

  Upload.prototype.onSubmit = function (event) {
    var file = this.input.files && this.input.files[0];
    if (!file || this.hidden.value) { return; } // nothing to upload, or already uploaded
    event.preventDefault();
    if (!this.form.reportValidity()) { return; }
    if (!this.state.running) { this.start(file); }
  };

  Upload.prototype.togglePause = function () {
    if (this.state.running) {
      this.state.paused = true;
      if (this.state.xhr) { this.state.xhr.abort(); }
    } else {
      var file = this.input.files && this.input.files[0];
      if (file) { this.start(file); }
    }
  };

  Upload.prototype.show = function (text, fraction) {
    this.box.hidden = false;
    if (fraction !== undefined) { this.bar.value = Math.floor(fraction * 100); }
    this.status.textContent = text;
    this.pauseButton.textContent = this.state.running ? msg("Pause") : msg("Resume");
  };

  Upload.prototype.locate = function (file) {
    var self = this, key = storageKey(file), url = window.localStorage.getItem(key);
    if (!url) { return this.create(file); }
    return send("HEAD", url, this.headers(), null, null, this.state).then(function (xhr) {
      if (xhr.status !== 200) { window.localStorage.removeItem(key); return self.create(file); }
      return { url: url, offset: parseInt(xhr.getResponseHeader("Upload-Offset"), 10) };
    });
  };

  Upload.prototype.create = function (file) {
    var self = this;
    var metadata = "filename " + metadataValue(file.name);
    if (file.type) { metadata += ",filetype " + metadataValue(file.type); }
    var headers = this.headers({ "Upload-Length": String(file.size), "Upload-Metadata": metadata });
    return send("POST", this.endpoint, headers, null, null, this.state).then(function (xhr) {
      if (xhr.status !== 201) { throw new Error(errorText(xhr)); }
      var url = xhr.getResponseHeader("Location");
      window.localStorage.setItem(storageKey(file), url);
      return { url: url, offset: 0 };
    });
  };

  Upload.prototype.patch = function (file, url, offset) {
    var self = this, piece = file.slice(offset, offset + CHUNK);
    return checksum(piece).then(function (sum) {
      var headers = self.headers({
        "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream"
      });
      if (sum) { headers["Upload-Checksum"] = sum; }
      return send("PATCH", url, headers, piece, function (loaded) {
        self.show(msg("Uploading") + " " + Math.floor((offset + loaded) / file.size * 100) + "%",
          (offset + loaded) / file.size);
      }, self.state);
    }).then(function (xhr) {
      if (xhr.status === 460) { return offset; } // damaged in transit: send the piece again
      if (xhr.status !== 204) {
        window.localStorage.removeItem(storageKey(file));
        throw new Error(errorText(xhr));
      }
      return parseInt(xhr.getResponseHeader("Upload-Offset"), 10);
    });
  };

  Upload.prototype.start = function (file) {
    var self = this;
    this.state.paused = false;
    this.state.running = true;
    this.show(msg("Uploading"), 0);
    var loop = function (target) {
      if (target.offset >= file.size) { return target; }
      if (self.state.paused) { throw new Error("paused"); }
      return self.patch(file, target.url, target.offset).then(function (offset) {
        return loop({ url: target.url, offset: offset });
      });
    };
    this.locate(file).then(loop).then(function (target) {
      window.localStorage.removeItem(storageKey(file));
      self.state.running = false;
      self.hidden.value = target.url.replace(/\/+$/, "").split("/").pop();
      self.input.value = "";
      self.input.disabled = true; // the file is on the server: submit the form without it
      self.show(msg("Done"), 1);
      self.form.submit();
    }).catch(function (error) {
      self.state.running = false;
      if (error.message === "paused") { self.show(msg("Paused")); return; }
      self.show(msg("Failed") + ": " + (error.message === "network" ? msg("Paused") : error.message));
    });
  };

  // Every upload form on the page (evidence, recordings); each panel that has one includes
  // this script, so a form is bound once. A form without an endpoint posts its file as usual.
  document.querySelectorAll("form[data-evidence-form]").forEach(function (form) {
    if (!form.dataset.tusEndpoint || form.dataset.tusBound || !form.querySelector(".tus-progress")) { return; }
    form.dataset.tusBound = "1";
    new Upload(form);
  });
})();
