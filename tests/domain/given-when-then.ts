import { expect } from 'vitest';
import { definitionFor, type Development } from '../../events/catalogue.js';
import { streamOf, type EntityRef } from '../../events/identifiers.js';
import { decideDevelopment, foldStream } from '../../src/domain/deciders.js';
import { DomainError } from '../../src/domain/domain-error.js';
import type { ReferenceStates } from '../../src/domain/decider.js';

/**
 * Given/when/then specifications of the deciders. `given` records developments in the
 * order written (each must itself be accepted, so a specification cannot start from a
 * history the system would refuse), sorting them into their subjects' streams; `when`
 * decides one more development against the folded states.
 */
export class Streams {
  private readonly streams = new Map<string, Development[]>();

  record(development: Development): void {
    const decision = this.decide(development);
    if (decision instanceof DomainError) {
      throw new Error(`given ${development.type} was rejected (${decision.code} at ${decision.pointer}): ${decision.message}`);
    }
    const stream = streamOf(subjectOf(development));
    this.streams.set(stream, [...(this.streams.get(stream) ?? []), ...decision]);
  }

  decide(development: Development): Development[] | DomainError {
    return decideDevelopment(development, this.stateOf(subjectOf(development)), this.references());
  }

  stateOf(ref: EntityRef): unknown {
    const developments = this.streams.get(streamOf(ref));
    return developments ? foldStream(ref.category, developments) : undefined;
  }

  private references(): ReferenceStates {
    return { get: (ref) => this.stateOf(ref) };
  }
}

function subjectOf(development: Development): EntityRef {
  return definitionFor(development).subject(development.data);
}

export interface Outcome {
  /** The development is appended as given. */
  thenAccepted(): void;
  /** Rejected with `code` (and `pointer`, when given); returns the error for further checks. */
  thenRejected(code: string, pointer?: string): DomainError;
}

export function given(...history: Development[]) {
  const streams = new Streams();
  for (const development of history) streams.record(development);
  return {
    streams,
    when(development: Development): Outcome {
      const decision = streams.decide(development);
      return {
        thenAccepted() {
          if (decision instanceof DomainError) {
            expect.fail(`expected ${development.type} to be accepted, got ${decision.code} at ${decision.pointer}: ${decision.message}`);
          }
          expect(decision).toEqual([development]);
        },
        thenRejected(code, pointer) {
          if (!(decision instanceof DomainError)) return expect.fail(`expected ${development.type} to be rejected with ${code}, but it was accepted`);
          expect(decision.code, decision.message).toBe(code);
          if (pointer !== undefined) expect(decision.pointer, decision.message).toBe(pointer);
          return decision;
        },
      };
    },
  };
}
