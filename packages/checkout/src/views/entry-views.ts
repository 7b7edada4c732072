/**
 * The views drawn before "Pay", part of the main file: the skeleton, phone entry with its method
 * picker, sending, and "could not load" (which must show even when nothing else can load).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { CheckoutState } from '../checkout-state.js';
import { format, type Strings } from '../strings.js';
import {
  amount,
  continueLabel,
  heading,
  type StateView,
  spinner,
  type ViewContext,
} from './view-parts.js';

const PHONE_INPUT_ID = 'phone';
const PHONE_ERROR_ID = 'phone-error';
const PHONE_HINT_ID = 'phone-hint';

/** The widget's field, for the element to focus after a refused number. */
export const phoneSelector = `#${PHONE_INPUT_ID}`;

/** Several methods: a labelled radio group (arrow keys move the choice), the first preselected. */
function picker({ checkout, strings }: ViewContext): TemplateResult | typeof nothing {
  if (checkout.methods.length < 2) return nothing;
  return html`
    <fieldset part="methods">
      <legend part="methods-legend">${strings.methodsLegend}</legend>
      ${checkout.methods.map(
        (method) => html`<label part="method">
          <input part="method-radio" type="radio" name="method" .value=${method.id}
            .checked=${method.id === checkout.methodId}
            @change=${() => checkout.pickMethod(method.id)} />
          ${method.name}
        </label>`,
      )}
    </fieldset>
  `;
}

/**
 * The picker, then the phone field and "Pay" for an STK method, or "Continue to {name}". While the
 * session loads the field already takes the number; "Pay" waits, disabled, for the amount.
 */
function phoneForm(context: ViewContext): TemplateResult {
  const { checkout, strings } = context;
  const loading = checkout.state === 'loading';
  const method = checkout.method;
  // One template for both flows, so switching method keeps the picker (and its focus) in place.
  const redirect = method?.flow === 'redirect';
  const error = checkout.phoneError;
  const describedBy = error ? `${PHONE_ERROR_ID} ${PHONE_HINT_ID}` : PHONE_HINT_ID;
  return html`
    <form part="form" novalidate @submit=${checkout.submit}>
      ${picker(context)}
      ${
        redirect
          ? nothing
          : html`<label part="label" for=${PHONE_INPUT_ID}>${strings.phoneLabel}</label>
            <input part="input" id=${PHONE_INPUT_ID} type="tel" autocomplete="tel" .value=${checkout.phoneValue}
              aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy}
              @input=${(event: Event) => checkout.typePhone((event.target as HTMLInputElement).value)} />
            <p class="hint" id=${PHONE_HINT_ID}>${strings.phoneHint}</p>
            <p part="error" id=${PHONE_ERROR_ID}>${
              // Words for a refusal are in the payment texts, fetched after the first render.
              !error
                ? ''
                : 'rejection' in error
                  ? (strings as Partial<Strings>).phoneRejections?.[error.rejection]
                  : (strings as Partial<Strings>).problems?.invalid_phone
            }</p>`
      }
      <button part="button" type="submit" ?disabled=${loading}>
        ${redirect ? continueLabel(context, method.id) : format(strings.payButton, { amount: amount(context) })}
      </button>
    </form>
  `;
}

/** The heading and the amount's place while the session loads. */
const loadingStatus = (strings: ViewContext['strings']) =>
  html`${heading(strings.loading)}<p part="amount skeleton"></p><p part="skeleton"></p>`;

/**
 * Before the language's words are here (the element has no session to load yet): placeholders
 * where the phone entry will be.
 */
export const skeletonView = ({ strings }: ViewContext): StateView => ({
  status: loadingStatus(strings),
  controls: html`<div part="form skeleton" aria-hidden="true">
    <span part="label"></span><span part="input"></span><span class="hint"></span
    ><span part="button"></span>
  </div>`,
});

/** The views of the states before "Pay" (and of a session that cannot go on). */
export const entryViews: Partial<Record<CheckoutState, (context: ViewContext) => StateView>> = {
  // The same form as the phone state's, so the field typed in stays the same element.
  loading: (context) => ({ status: loadingStatus(context.strings), controls: phoneForm(context) }),
  phone: (context) => ({
    status: html`
      ${heading(format(context.strings.payTo, { merchant: context.checkout.session?.merchantName ?? '' }))}
      <p part="amount">${amount(context)}</p>
      ${context.checkout.session?.description ? html`<p class="muted">${context.checkout.session.description}</p>` : nothing}
    `,
    controls: phoneForm(context),
  }),
  sending: ({ strings }) => ({
    status: html`${heading(strings.sendingHeading, spinner)}<p>${strings.sendingBody}</p>`,
  }),
  error: ({ checkout, strings }) => ({
    status: html`${heading(strings.errorHeading)}
      <p>${
        // Without the payment texts (they could not load either) only the first words are there.
        (checkout.message &&
          'problem' in checkout.message &&
          (strings as Partial<Strings>).problems?.offline) ||
        strings.errorBody
      }</p>`,
    controls: html`<button part="button" type="button" @click=${checkout.reload}>${strings.tryAgain}</button>`,
  }),
};
