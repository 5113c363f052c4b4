import { DomainError, ErrorCode } from '@app/domain';
import { applyOperation, deepClone, JsonPatchError, Operation } from 'fast-json-patch';

/** One RFC 6902 operation as the API receives it. */
export interface PatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

/**
 * Applies an RFC 6902 JSON Patch (fast-json-patch) to a copy of a document, operation by
 * operation so that a failure names its operation (`patch[2]`): one that does not apply is a 400;
 * a failed `test` is a 409 (the document is not in the state the patch expected). Changes to
 * `__proto__`, `constructor` or `prototype` are refused.
 */
export function applyJsonPatch(document: unknown, patch: readonly PatchOperation[], at = 'patch'): unknown {
  let current: unknown = deepClone(document);
  patch.forEach((operation, index) => {
    const path = `${at}[${index}]`;
    const where = `${operation.op} ${operation.path}`;
    try {
      current = applyOperation(current, operation as Operation, true, true, true, index).newDocument;
    } catch (error) {
      if (error instanceof JsonPatchError) {
        const message = `${error.name.toLowerCase().replace(/_/g, ' ')} (${where})`;
        if (error.name === 'TEST_OPERATION_FAILED') {
          throw new DomainError(ErrorCode.Conflict, `the patch's test failed: ${message}`, [
            { path, message },
          ]);
        }
        throw new DomainError(ErrorCode.ValidationFailed, `the patch does not apply: ${message}`, [
          { path, message },
        ]);
      }
      if (error instanceof TypeError && /banned/.test(error.message)) {
        const message = `changing __proto__, constructor or prototype is refused (${where})`;
        throw new DomainError(ErrorCode.ValidationFailed, `the patch does not apply: ${message}`, [
          { path, message },
        ]);
      }
      throw error;
    }
  });
  return current;
}
