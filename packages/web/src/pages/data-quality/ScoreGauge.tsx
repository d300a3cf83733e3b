/** A half-circle gauge for a 0-100 score, coloured by band (red < 50 ≤ amber < 75 ≤ green). */
export function ScoreGauge({ score }: { score: number }) {
  const r = 80;
  const c = Math.PI * r;
  const pct = Math.max(0, Math.min(100, score)) / 100;
  const color = score >= 75 ? '#10b981' : score >= 50 ? '#f59e0b' : '#ef4444';
  const band = score >= 75 ? 'Good' : score >= 50 ? 'Fair' : 'Poor';
  // The word in a darker shade of the band's colour: the gauge's own colours are too light for small text.
  const text = score >= 75 ? '#047857' : score >= 50 ? '#b45309' : '#dc2626';
  return (
    <div className="flex flex-col items-center" data-testid="quality-score">
      <svg viewBox="0 0 200 115" className="w-56" role="img" aria-label={`Data quality score ${score} of 100`}>
        <path d="M 20 100 A 80 80 0 0 1 180 100" fill="none" stroke="#e2e8f0" strokeWidth="16" strokeLinecap="round" />
        <path
          d="M 20 100 A 80 80 0 0 1 180 100"
          fill="none"
          stroke={color}
          strokeWidth="16"
          strokeLinecap="round"
          strokeDasharray={`${c * pct} ${c}`}
        />
        <text x="100" y="88" textAnchor="middle" className="fill-slate-900" style={{ fontSize: 40, fontWeight: 600 }}>
          {score}
        </text>
        <text x="100" y="108" textAnchor="middle" className="fill-slate-500" style={{ fontSize: 11 }}>
          of 100
        </text>
      </svg>
      <span className="mt-1 text-sm font-medium" style={{ color: text }}>
        {band}
      </span>
    </div>
  );
}
