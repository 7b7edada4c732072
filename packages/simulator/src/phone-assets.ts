/**
 * The virtual phone's external script and stylesheet. The script polls `/_control/prompts`
 * every second, adds and removes prompt cards without touching ones being typed into, and
 * submits PINs with fetch (the forms also work without it).
 */
export const phoneScript = `const main = document.querySelector('main');
const list = document.getElementById('prompts');
const empty = document.getElementById('empty');
const status = document.getElementById('status');
const msisdn = main.dataset.msisdn;

function formatShillings(amount) {
  return String(amount).replace(/\\B(?=(\\d{3})+(?!\\d))/g, ',');
}

function card(prompt) {
  const id = encodeURIComponent(prompt.id);
  const article = document.createElement('article');
  article.className = 'prompt';
  article.dataset.id = prompt.id;
  article.setAttribute('aria-label', 'Prompt for ' + prompt.phone);
  const to = document.createElement('p');
  to.className = 'to';
  to.textContent = 'To ' + prompt.phone;
  const text = document.createElement('p');
  text.className = 'text';
  text.textContent = 'Pay ' + prompt.currency + ' ' + formatShillings(prompt.amount) + ' to ' + prompt.payee + ' for ' + prompt.reference + '? Enter M-Pesa PIN';
  const form = document.createElement('form');
  form.method = 'post';
  form.action = '/phone/prompts/' + id + '/pin';
  const label = document.createElement('label');
  label.append('M-Pesa PIN ');
  const input = document.createElement('input');
  Object.assign(input, { name: 'pin', type: 'password', inputMode: 'numeric', pattern: '[0-9]{4}', maxLength: 4, minLength: 4, required: true, autocomplete: 'off' });
  label.append(input);
  const send = document.createElement('button');
  send.type = 'submit';
  send.textContent = 'Send';
  const cancel = document.createElement('button');
  cancel.type = 'submit';
  cancel.formAction = '/phone/prompts/' + id + '/cancel';
  cancel.formNoValidate = true;
  cancel.textContent = 'Cancel';
  form.append(label, send, cancel);
  article.append(to, text, form);
  return article;
}

async function answer(event) {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  event.preventDefault();
  // formAction reads as the page URL when the attribute is absent, so check the attribute.
  const submitter = event.submitter;
  const action = submitter && submitter.hasAttribute('formaction') ? submitter.formAction : form.action;
  const response = await fetch(action, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(new FormData(form)),
  });
  const result = await response.json().catch(() => ({ message: 'The simulator did not answer.' }));
  status.textContent = result.message || result.detail || '';
  if (response.ok) {
    form.closest('article').remove();
    empty.hidden = list.children.length > 0;
  }
}

async function refresh() {
  try {
    const query = msisdn ? '?msisdn=' + encodeURIComponent(msisdn) : '';
    const response = await fetch('/_control/prompts' + query, { headers: { accept: 'application/json' } });
    if (!response.ok) return;
    const prompts = await response.json();
    const wanted = new Set(prompts.map((prompt) => prompt.id));
    for (const article of [...list.querySelectorAll('article')]) {
      if (!wanted.has(article.dataset.id)) article.remove();
    }
    const shown = new Set([...list.querySelectorAll('article')].map((article) => article.dataset.id));
    for (const prompt of prompts) if (!shown.has(prompt.id)) list.append(card(prompt));
    empty.hidden = list.children.length > 0;
  } catch {
    // The simulator may be restarting; the next poll tries again.
  }
}

list.addEventListener('submit', (event) => { void answer(event); });
setInterval(refresh, 1000);
void refresh();
`;

export const phoneStyles = `body { font-family: system-ui, sans-serif; margin: 0; background: #f3f5f2; color: #1b1f1b; }
main { max-width: 24rem; margin: 2rem auto; padding: 1rem; background: #fff; border-radius: 1.5rem; box-shadow: 0 0.5rem 2rem #0002; }
h1 { font-size: 1.2rem; }
.hint { font-size: 0.85rem; color: #555; }
.prompt { border: 1px solid #cfd8cf; border-radius: 0.75rem; padding: 0.75rem; margin: 0.75rem 0; }
.prompt .to { font-size: 0.8rem; color: #555; margin: 0; }
.prompt input { width: 5rem; font-size: 1.1rem; letter-spacing: 0.3rem; }
.prompt button { margin-left: 0.25rem; }
#status:empty { display: none; }
#status { background: #e7f4e4; padding: 0.5rem; border-radius: 0.5rem; }
`;
