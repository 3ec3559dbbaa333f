/** A usage plan's throttle for one API key: a token bucket of `burstLimit` refilled at `rateLimit` per second. */
export interface Throttle {
  /** Takes one token; `false` when none is left (the request is answered 429). */
  take(): boolean;
}

export interface ThrottleLimits {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export const createThrottle = (limits: ThrottleLimits, now: () => number = Date.now): Throttle => {
  let tokens = limits.burstLimit;
  let refilledAt = now();
  return {
    take() {
      const current = now();
      tokens = Math.min(limits.burstLimit, tokens + ((current - refilledAt) / 1000) * limits.rateLimit);
      refilledAt = current;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
};
