export { ERROR_CODES, type ErrorCode } from './codes';
export { KalguardError, isKalguardError, formatPath, type ErrorDetail } from './kalguard-error';
