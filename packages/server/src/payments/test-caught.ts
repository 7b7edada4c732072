/** The LipwaError a promise rejects with; fails when it resolves or rejects with anything else. */
import { LipwaError } from '@lipwa/core';

export async function caught(promise: Promise<unknown>): Promise<LipwaError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LipwaError) return error;
    throw error;
  }
  throw new Error('expected the promise to reject');
}
