/** Kept for the bot's importers: the mapping lives in the view, next to its strings. */
export { errorCard, errorText } from '../views/error.view.js';
