/* Preview button of the admin's Markdown fields (guides/markdown_widget.py).
 *
 * Sends the textarea's text to /admin/markdown-preview/ and shows the HTML the server
 * returns: already sanitised by the same renderer as the public pages. The button is
 * hidden until this script runs, so without JavaScript there is no dead button.
 * One listener on the document also serves inline rows added after the page loaded.
 */
"use strict";

(function () {
  document.documentElement.classList.add("markdown-preview-enabled");

  function csrfToken(element) {
    // The CSRF cookie is HttpOnly: the token comes from the admin form itself.
    const form = element.closest("form");
    const input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  async function preview(button) {
    const field = button.closest(".markdown-field");
    const textarea = field.querySelector("textarea");
    const output = field.querySelector(".markdown-preview");
    const body = new FormData();
    body.append("text", textarea.value);
    button.disabled = true;
    try {
      const response = await fetch(field.dataset.previewUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(field), "X-Requested-With": "XMLHttpRequest" },
      });
      const data = await response.json();
      if (response.ok) {
        output.classList.remove("markdown-preview-error");
        // Safe to insert: render_markdown allows only a short list of harmless tags.
        output.innerHTML = data.html;
      } else {
        throw new Error(data.error || field.dataset.errorText);
      }
    } catch (error) {
      output.classList.add("markdown-preview-error");
      output.textContent = error instanceof SyntaxError ? field.dataset.errorText : error.message;
    } finally {
      button.disabled = false;
    }
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest(".markdown-preview-button");
    if (button) {
      event.preventDefault();
      preview(button);
    }
  });
})();
