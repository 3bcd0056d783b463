// What every form does around a request: a busy flag, the field errors and the banner.
// One place, so each form states only what it sends and where it goes afterwards.
import { errorText, fieldErrors } from './i18n/server-messages';
import { t } from './i18n/catalog';
import { useValue, type Value } from './use-value';

export interface Submission {
  errors: Value<Record<string, string>>;
  failure: Value<string | null>;
  busy: Value<boolean>;
  /** Shows problems found before sending; true when there were none. */
  check(local: Record<string, string>): boolean;
  /**
   * Runs the request with `busy` set. A failure fills the field errors (through `mapFields`)
   * and the banner, unless `handled` takes care of it (returns true). True on success.
   */
  run(action: () => Promise<void>, opts?: { handled?: (err: unknown) => boolean; mapFields?: (e: Record<string, string>) => Record<string, string> }): Promise<boolean>;
}

export function useSubmission(): Submission {
  const errors = useValue<Record<string, string>>({});
  const failure = useValue<string | null>(null);
  const busy = useValue(false);
  return {
    errors,
    failure,
    busy,
    check(local) {
      const ok = Object.keys(local).length === 0;
      errors.set(local);
      failure.set(ok ? null : t('common.fixFields'));
      return ok;
    },
    async run(action, opts = {}) {
      busy.set(true);
      failure.set(null);
      try {
        await action();
        return true;
      } catch (err) {
        if (opts.handled?.(err)) return false;
        const fields = fieldErrors(err);
        errors.set(opts.mapFields ? opts.mapFields(fields) : fields);
        failure.set(errorText(err));
        return false;
      } finally {
        busy.set(false);
      }
    },
  };
}
