/** Notifications to citizens (issue 18): the templates, the messages each record event calls for, the channels. */
export {
  CHANNELS,
  type Channel,
  type Contacts,
  displayAmount,
  displayDate,
  type MessageContext,
  type NotifiableEvent,
  type PlannedMessage,
  plannedMessages,
  type Recipient,
  recipients,
  renderPlanned,
} from './messages.ts';
export {
  LANGUAGES,
  type Language,
  MESSAGE_KINDS,
  type MessageKind,
  placeholders,
  type RenderedMessage,
  render,
  TEMPLATE_VARIABLES,
  TEMPLATES,
  type Template,
  TemplateError,
} from './templates.ts';
