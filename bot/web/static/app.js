// Nursling's only script: it sends the page's forms in the background and
// puts the answer in place. Without it every form still works as a plain
// HTML form.
(function () {
  'use strict';
  if (!window.fetch || !window.FormData || !window.URLSearchParams) {
    return;
  }

  function freshNonce() {
    var b = new Uint8Array(12);
    window.crypto.getRandomValues(b);
    var s = '';
    for (var i = 0; i < b.length; i++) { s += String.fromCharCode(b[i]); }
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function place(form, node) {
    var reply = form.closest('.reply');
    var answers = document.getElementById('answers');
    if (reply) {
      reply.insertAdjacentElement('afterend', node);
    } else if (answers) {
      answers.insertBefore(node, answers.firstChild);
    } else {
      form.insertAdjacentElement('afterend', node);
    }
  }

  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    if (!form.classList || !form.classList.contains('inplace')) {
      return;
    }
    ev.preventDefault();
    var nonces = form.querySelectorAll('input[name="nonce"]');
    for (var i = 0; i < nonces.length; i++) { nonces[i].value = freshNonce(); }
    var button = form.querySelector('button');
    if (button) { button.disabled = true; }
    form.setAttribute('aria-busy', 'true');
    fetch(form.action, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form)),
      headers: { 'X-Nursling-Fragment': '1' },
      credentials: 'same-origin'
    }).then(function (res) {
      if (res.status >= 500) { throw new Error('server error'); }
      return res.text();
    }).then(function (html) {
      var holder = document.createElement('div');
      holder.innerHTML = html;
      var node = holder.firstElementChild;
      if (!node) { return; }
      place(form, node);
      // A new identity (after "forget") comes with a new form token.
      var token = node.getAttribute('data-csrf');
      if (token) {
        var inputs = document.querySelectorAll('input[name="csrf"]');
        for (var j = 0; j < inputs.length; j++) { inputs[j].value = token; }
      }
      var data = form.querySelector('input[name="data"]');
      if (data && data.value.indexOf('more:') === 0) {
        form.remove();
      }
      if (form.id === 'ask' || form.classList.contains('entry')) {
        form.reset();
      }
      node.focus();
    }).catch(function () {
      form.submit();
    }).finally(function () {
      if (button) { button.disabled = false; }
      form.removeAttribute('aria-busy');
    });
  });

  var q = document.getElementById('q');
  if (q) {
    q.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' && !ev.shiftKey && q.value.trim() !== '') {
        ev.preventDefault();
        q.form.requestSubmit();
      }
    });
  }
}());
