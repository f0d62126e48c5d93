export { parseCommand, type Command } from './parse-command';
export { MAIN_USAGE, SERVE_USAGE, TOKEN_USAGE } from './usage';
