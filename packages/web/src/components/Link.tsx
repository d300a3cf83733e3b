import type { AnchorHTMLAttributes } from 'react';
import { linkClick } from '../lib/router';

export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const go = linkClick(to);
  return (
    <a
      href={to}
      {...rest}
      onClick={(e) => {
        onClick?.(e);
        go(e);
      }}
    />
  );
}
