// The bureau's share of a draw's seed (docs/draws.md §1), made and kept on the bureau's
// side: 32 random bytes from the browser's CSPRNG, their SHA-256 filled in as the
// commitment, the value offered as a file to keep. Only the commitment is posted; the
// value is posted later, to reveal it. Without JavaScript the fields take a commitment
// and a value made with the bureau's own tools.
(function () {
  "use strict";
  const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

  const commit = document.getElementById("seed-commit");
  if (commit && window.crypto && window.crypto.subtle) {
    const generator = commit.querySelector("[data-seed-generator]");
    const result = commit.querySelector("[data-seed-result]");
    const value = commit.querySelector("[data-seed-value]");
    const download = commit.querySelector("[data-seed-download]");
    const saved = commit.querySelector("[data-seed-saved]");
    const field = commit.querySelector("#seed-commitment");
    generator.hidden = false;
    commit.querySelector("[data-seed-generate]").addEventListener("click", async () => {
      const secret = window.crypto.getRandomValues(new Uint8Array(32));
      const digest = new Uint8Array(await window.crypto.subtle.digest("SHA-256", secret));
      value.value = hex(secret);
      field.value = hex(digest);
      field.readOnly = true;
      if (download.href.startsWith("blob:")) URL.revokeObjectURL(download.href);
      download.href = URL.createObjectURL(new Blob([hex(secret) + "\n"], { type: "text/plain" }));
      download.download = commit.dataset.fileName;
      saved.required = true;
      result.hidden = false;
    });
  }

  const reveal = document.getElementById("seed-reveal");
  if (reveal && window.FileReader) {
    const label = reveal.querySelector("[data-seed-file-label]");
    const file = reveal.querySelector("[data-seed-file]");
    const field = reveal.querySelector("#seed-value");
    label.hidden = false;
    file.addEventListener("change", () => {
      if (!file.files.length) return;
      const reader = new FileReader();
      reader.onload = () => {
        const found = String(reader.result).match(/[0-9a-fA-F]{64}/);
        field.value = found ? found[0].toLowerCase() : "";
        field.reportValidity();
      };
      reader.readAsText(file.files[0].slice(0, 4096));
    });
  }
})();
