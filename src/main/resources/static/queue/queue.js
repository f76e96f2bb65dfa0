// The service desk's incident queue: reads GET /api/incidents with the Tasklist login (same session) and shows one
// page of it. Filters live in the address (?status=OPEN&priority=P1,P2...), so a queue can be bookmarked and shared.
(function () {
  'use strict';
  const form = document.getElementById('filters');
  const body = document.querySelector('#incidents tbody');
  const summary = document.getElementById('summary');
  const SLA = { BREACHED: 'Breached', AT_RISK: 'At risk', ON_TRACK: 'On track', MET: 'Met' };
  let page = 0;

  function fromAddress() {
    const params = new URLSearchParams(location.search);
    for (const element of form.elements) {
      if (!element.name) continue;
      const value = params.get(element.name);
      if (element.type === 'checkbox') {
        element.checked = value !== null && value.split(',').includes(element.value);
      } else if (value !== null) {
        element.value = value;
      }
    }
    page = Number(params.get('page') || 0);
  }

  function query() {
    const params = new URLSearchParams();
    const priorities = [];
    for (const element of form.elements) {
      if (!element.name) continue;
      if (element.type === 'checkbox') {
        if (element.checked) priorities.push(element.value);
      } else if (element.value.trim() !== '') {
        params.set(element.name, element.value.trim());
      }
    }
    if (priorities.length) params.set('priority', priorities.join(','));
    if (page > 0) params.set('page', String(page));
    return params;
  }

  function cell(row, text) {
    const td = row.insertCell();
    td.textContent = text == null ? '' : text;
    return td;
  }

  function link(td, href, text) {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    td.appendChild(a);
    return a;
  }

  function when(instant) {
    return instant ? new Date(instant).toLocaleString() : '';
  }

  function show(result) {
    body.replaceChildren();
    for (const item of result.items) {
      const row = body.insertRow();
      row.dataset.id = item.id;
      link(cell(row, ''), '/api/incidents/' + encodeURIComponent(item.id), item.id).className = 'record';
      cell(row, item.title);
      cell(row, item.status);
      cell(row, item.priority);
      cell(row, item.serviceId);
      cell(row, item.group);
      cell(row, item.assignee);
      const sla = cell(row, '');
      if (item.sla) {
        const badge = document.createElement('span');
        badge.className = 'sla sla-' + item.sla.state;
        badge.textContent = SLA[item.sla.state] || item.sla.state;
        sla.appendChild(badge);
      }
      cell(row, item.sla ? when(item.sla.dueAt) : '').className = 'due';
      const task = cell(row, '');
      if (item.task) {
        link(task, '/camunda/app/tasklist/default/#/?task=' + encodeURIComponent(item.task.id), item.task.name)
          .className = 'task';
      }
    }
    const pages = Math.max(1, Math.ceil(result.total / result.size));
    summary.textContent = result.total + (result.total === 1 ? ' incident' : ' incidents');
    document.getElementById('page').textContent = 'Page ' + (result.page + 1) + ' of ' + pages;
    document.getElementById('previous').disabled = result.page === 0;
    document.getElementById('next').disabled = result.page + 1 >= pages;
  }

  async function load() {
    const params = query();
    history.replaceState(null, '', '?' + params.toString());
    summary.className = '';
    summary.textContent = 'Loading…';
    let response;
    try {
      response = await fetch('/api/incidents?' + params.toString(), { credentials: 'same-origin',
        headers: { Accept: 'application/json' } });
    } catch (error) {
      summary.className = 'error';
      summary.textContent = 'The list could not be read (' + error + '); press Show to try again';
      return;
    }
    if (response.status === 401) {
      location.href = '/camunda/app/tasklist/default/';
      return;
    }
    const result = await response.json();
    if (!response.ok) {
      summary.className = 'error';
      summary.textContent = result.detail || ('The list could not be read (' + response.status + ')');
      body.replaceChildren();
      return;
    }
    show(result);
  }

  form.addEventListener('submit', event => { event.preventDefault(); page = 0; load(); });
  document.getElementById('previous').addEventListener('click', () => { page = Math.max(0, page - 1); load(); });
  document.getElementById('next').addEventListener('click', () => { page += 1; load(); });
  fromAddress();
  load();
})();
