  // Shared by the pages (put in place of the /*{{common.js}}*/ line when a page is served).
  // el: a new element whose text is set with textContent, never parsed as HTML.
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  // api: JSON from the server with the page's `headers` (its credentials); a refusal throws
  // the server's own message. fail: shows it in the page's #error line.
  function api(path, body) {
    var options = { headers: Object.assign({}, headers) };
    if (body !== undefined) {
      options.method = "POST";
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(path, options).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) { throw new Error(data.message || ("HTTP " + r.status)); }
        return data;
      });
    });
  }
  function fail(err) { document.getElementById("error").textContent = err.message; }
