/**
 * Keeps only the newest of overlapping loads: a page that reads again when the user moves
 * (next day, another technician, another place) takes a ticket per read and drops an answer
 * whose ticket is no longer the newest — a slower, older answer arriving last must not replace
 * what the user asked for since.
 */
export class Newest {
  #issued = 0;

  /** A ticket for a read starting now. */
  take(): number {
    this.#issued += 1;
    return this.#issued;
  }

  /** Whether no read started after the one holding `ticket`. */
  isCurrent(ticket: number): boolean {
    return ticket === this.#issued;
  }
}
