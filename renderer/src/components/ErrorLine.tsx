/**
 * One problem, shown the same way everywhere: a plain headline, and the technical text (API call, address,
 * HTTP code) under a "Details" toggle for whoever has to look into it. Steps can adopt it for their own
 * errors: `<ErrorLine message={problem} />`.
 */
import { errorWords } from '../lib/error-words.ts';

export function ErrorLine({
  message,
  onDismiss,
  className = 'error-line',
}: {
  message: string;
  onDismiss?: () => void;
  className?: string;
}) {
  const { headline, details } = errorWords(message);
  return (
    <div role="alert" className={className}>
      <div className="error-line-text">
        <span>{headline}</span>
        {details && (
          <details className="error-details">
            <summary>Details</summary>
            <code>{details}</code>
          </details>
        )}
      </div>
      {onDismiss && (
        <button type="button" className="ghost" onClick={onDismiss} aria-label="Dismiss the message">
          ×
        </button>
      )}
    </div>
  );
}
