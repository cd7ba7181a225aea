(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const state = { user: localStorage.getItem('burr.user') || 'guest', id: null, conversation: null, busy: false };

  async function api(path, method, body) {
    const response = await fetch('/api/users/' + encodeURIComponent(state.user) + '/conversations' + path, {
      method: method || 'GET',
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json().catch(() => null);
    if (!response.ok) {
      throw new Error((json && (json.detail || json.title)) || response.status + ' ' + response.statusText);
    }
    return json;
  }

  function showError(error) {
    $('error').textContent = error ? String(error.message || error) : '';
    $('error').hidden = !error;
  }

  function when(iso) {
    const d = new Date(iso);
    return d.toLocaleDateString() + ' ' + d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  async function loadList() {
    const list = await api('');
    const ul = $('conversations');
    ul.replaceChildren();
    for (const c of list) {
      const li = document.createElement('li');
      li.dataset.id = c.id;
      if (c.id === state.id) li.className = 'selected';
      const title = document.createElement('span');
      title.className = 'title';
      title.textContent = c.title || 'New conversation';
      const meta = document.createElement('span');
      meta.className = 'meta';
      meta.textContent = when(c.createdAt) + (c.forkedFrom ? ' \u00b7 fork' : '');
      li.append(title, meta);
      li.addEventListener('click', () => select(c.id));
      ul.appendChild(li);
    }
    return list;
  }

  function renderMessages(conversation, pendingText) {
    const box = $('messages');
    box.replaceChildren();
    if (!conversation.messages.length && !pendingText) {
      const p = document.createElement('p');
      p.className = 'empty';
      p.textContent = 'Say hello to start.';
      box.appendChild(p);
    }
    for (const m of conversation.messages) {
      const div = document.createElement('div');
      div.className = 'message ' + m.role;
      div.textContent = m.text;
      if (m.sequenceId !== null && m.sequenceId !== undefined) {
        const step = document.createElement('div');
        step.className = 'step';
        step.append('step ' + m.sequenceId);
        if (m.role === 'assistant') {
          const fork = document.createElement('button');
          fork.type = 'button';
          fork.className = 'fork';
          fork.dataset.sequenceId = m.sequenceId;
          fork.textContent = 'fork here';
          fork.title = 'Start a new conversation from this turn (step ' + m.sequenceId + ')';
          fork.addEventListener('click', () => fork_(m.sequenceId));
          step.appendChild(fork);
        }
        div.appendChild(step);
      }
      box.appendChild(div);
    }
    if (pendingText) {
      const mine = document.createElement('div');
      mine.className = 'message user';
      mine.textContent = pendingText;
      const thinking = document.createElement('div');
      thinking.className = 'message assistant pending';
      thinking.textContent = 'thinking\u2026';
      box.append(mine, thinking);
    }
    box.scrollTop = box.scrollHeight;
  }

  function renderOrigin(conversation) {
    const origin = $('origin');
    origin.hidden = !conversation.forkedFrom;
    origin.textContent = conversation.forkedFrom
      ? 'Forked from conversation ' + conversation.forkedFrom.slice(0, 8) + ' at step ' + conversation.forkedAt
      : '';
  }

  function setComposer() {
    const c = state.conversation;
    const open = !!c && !c.finished && !state.busy;
    $('text').disabled = !open;
    $('send').disabled = !open;
    $('text').placeholder = c && c.finished
      ? 'This conversation has ended: fork it at a turn, or start a new one'
      : 'Type a message (say "bye" to finish)';
  }

  async function refresh() {
    const [conversation, graph] = await Promise.all([api('/' + state.id), api('/' + state.id + '/graph')]);
    state.conversation = conversation;
    renderOrigin(conversation);
    renderMessages(conversation);
    BurrGraph.render(graph.mermaid, $('graph'));
    $('position').textContent = (conversation.finished ? 'Finished at ' : 'Waiting at ') + graph.currentAction
      + (conversation.sequenceId !== null ? ' \u00b7 step ' + conversation.sequenceId : ' \u00b7 no steps yet');
    setComposer();
  }

  async function select(id) {
    state.id = id;
    history.replaceState(null, '', '#' + encodeURIComponent(state.user) + '/' + encodeURIComponent(id));
    for (const li of $('conversations').children) li.classList.toggle('selected', li.dataset.id === id);
    showError(null);
    try {
      await refresh();
      $('text').focus();
    } catch (e) {
      showError(e);
    }
  }

  async function create() {
    try {
      const created = await api('', 'POST');
      state.id = created.id;
      await loadList();
      await select(created.id);
    } catch (e) {
      showError(e);
    }
  }

  async function fork_(sequenceId) {
    try {
      const created = await api('/' + state.id + '/fork', 'POST', { sequenceId });
      state.id = created.id;
      await loadList();
      await select(created.id);
    } catch (e) {
      showError(e);
    }
  }

  async function send(event) {
    event.preventDefault();
    const text = $('text').value;
    if (!text.trim() || !state.id) return;
    state.busy = true;
    setComposer();
    showError(null);
    renderMessages(state.conversation, text);
    try {
      await api('/' + state.id + '/messages', 'POST', { text });
      $('text').value = '';
      await loadList();
    } catch (e) {
      showError(e);
    } finally {
      state.busy = false;
      await refresh().catch(showError);
      $('text').focus();
    }
  }

  async function start() {
    const hash = decodeURIComponent(location.hash.slice(1));
    const slash = hash.indexOf('/');
    if (slash > 0) {
      state.user = hash.slice(0, slash);
      state.id = hash.slice(slash + 1);
    }
    $('user').value = state.user;
    try {
      const list = await loadList();
      if (!state.id && list.length) state.id = list[0].id;
      if (state.id) await select(state.id);
    } catch (e) {
      showError(e);
    }
  }

  $('composer').addEventListener('submit', send);
  $('new-conversation').addEventListener('click', create);
  $('user').addEventListener('change', () => {
    const user = $('user').value.trim();
    if (!user) return;
    state.user = user;
    state.id = null;
    localStorage.setItem('burr.user', user);
    $('messages').replaceChildren();
    $('graph').replaceChildren();
    start();
  });
  start();
})();
