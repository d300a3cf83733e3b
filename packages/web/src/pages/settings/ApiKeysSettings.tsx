import { useState } from 'react';
import { api, ApiError, errorMessage, type ListResponse } from '../../lib/api';
import { useAsync } from '../../lib/hooks';
import { useMe } from '../../lib/auth';
import { date, relative, titleCase } from '../../lib/format';
import { atLeast, roles, type ApiKey, type Role } from '../../lib/types';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge, RoleBadge } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { Field, Input, Select } from '../../components/Field';
import { EmptyState, ErrorState, InlineError } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { Icon } from '../../components/Icon';
import { useToast } from '../../components/Toast';

export function ApiKeysSettings() {
  const { user } = useMe();
  const toast = useToast();
  const keys = useAsync(async (signal) => {
    const r = await api.get<ListResponse<ApiKey> | ApiKey[]>('/api/v1/api-keys', undefined, signal);
    return Array.isArray(r) ? r : r.data;
  }, []);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [busy, setBusy] = useState(false);

  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    try {
      await api.del(`/api/v1/api-keys/${revoking.id}`);
      keys.setData((l) => l?.map((k) => (k.id === revoking.id ? { ...k, revokedAt: new Date().toISOString() } : k)));
      toast('success', `Key “${revoking.name}” was revoked`);
      setRevoking(null);
    } catch (e) {
      toast('error', errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card testId="api-keys-settings">
      <CardHeader
        title="API keys"
        description={
          <>
            For scripts and integrations: send{' '}
            <code className="rounded bg-slate-100 px-1">Authorization: Bearer pw_…</code>. See{' '}
            <a href="/api/docs" className="text-brand-600 hover:underline">
              the API docs
            </a>
            .
          </>
        }
        actions={
          <Button
            variant="primary"
            size="sm"
            icon="plus"
            onClick={() => setCreating(true)}
            data-testid="create-api-key"
          >
            Create key
          </Button>
        }
      />
      {keys.error ? (
        <ErrorState error={keys.error} onRetry={keys.reload} />
      ) : !keys.data ? (
        <div className="space-y-3 p-5">
          {Array.from({ length: 2 }, (_, i) => (
            <Skeleton key={i} className="h-10" />
          ))}
        </div>
      ) : keys.data.length === 0 ? (
        <EmptyState
          icon="key"
          title="No API keys"
          description="Create a key to import data or connect your shop from a script."
        />
      ) : (
        <table className="w-full text-sm" data-testid="api-keys-table">
          <thead>
            <tr className="border-b border-slate-100 text-left text-xs text-slate-500">
              <th className="px-5 py-2.5 font-medium">Name</th>
              <th className="px-3 py-2.5 font-medium">Key</th>
              <th className="px-3 py-2.5 font-medium">Role</th>
              <th className="px-3 py-2.5 font-medium">Created</th>
              <th className="px-3 py-2.5 font-medium">Last used</th>
              <th className="px-5 py-2.5" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {keys.data.map((k) => (
              <tr key={k.id} data-testid="api-key-row" className={k.revokedAt ? 'text-slate-400' : undefined}>
                <td className="px-5 py-3 font-medium text-slate-900">
                  {k.name}
                  {k.ownedByWorkspace && (
                    <span
                      className="ml-2"
                      title="Belongs to the workspace: it keeps working when the person who made it leaves"
                      data-testid="workspace-key"
                    >
                      <Badge tone="blue">Workspace key</Badge>
                    </span>
                  )}
                </td>
                <td className="px-3 py-3">
                  <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{k.prefix}…</code>
                </td>
                <td className="px-3 py-3">
                  <RoleBadge role={k.role} />
                </td>
                <td className="px-3 py-3 text-slate-500">{date(k.createdAt)}</td>
                <td className="px-3 py-3 text-slate-500">{k.lastUsedAt ? relative(k.lastUsedAt) : 'Never'}</td>
                <td className="px-5 py-3 text-right">
                  {k.revokedAt ? (
                    <Badge tone="gray">Revoked</Badge>
                  ) : (
                    <Button size="sm" variant="danger" onClick={() => setRevoking(k)} data-testid="revoke-api-key">
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateKeyDialog
        open={creating}
        roles={roles.filter((r) => atLeast(user.role, r))}
        canMakeWorkspaceKeys={user.role === 'owner'}
        onClose={() => setCreating(false)}
        onCreated={(k) => keys.setData((l) => [k, ...(l ?? [])])}
      />
      <Dialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title="Revoke this key?"
        size="sm"
        footer={
          <>
            <Button onClick={() => setRevoking(null)}>Cancel</Button>
            <Button variant="danger" onClick={() => void revoke()} loading={busy} data-testid="confirm-revoke">
              Revoke key
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-600">
          Scripts using “{revoking?.name}” stop working at once. This cannot be undone.
        </p>
      </Dialog>
    </Card>
  );
}

function CreateKeyDialog(props: {
  open: boolean;
  roles: Role[];
  canMakeWorkspaceKeys: boolean;
  onClose: () => void;
  onCreated: (k: ApiKey) => void;
}) {
  const { open, roles: allowed, canMakeWorkspaceKeys, onClose, onCreated } = props;
  const [ownedByWorkspace, setOwnedByWorkspace] = useState(false);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('admin');
  const [secret, setSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setName('');
    setRole('admin');
    setOwnedByWorkspace(false);
    setSecret(null);
    setCopied(false);
    setErrors({});
    setError(null);
    onClose();
  };
  const submit = async () => {
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      const res = await api.post<{ key: string; apiKey: ApiKey }>('/api/v1/api-keys', {
        name: name.trim(),
        role,
        ownedByWorkspace,
      });
      setSecret(res.key);
      onCreated(res.apiKey);
    } catch (e) {
      const fe = e instanceof ApiError ? e.fieldErrors() : {};
      setErrors(fe);
      if (Object.keys(fe).length === 0) setError(e);
    } finally {
      setBusy(false);
    }
  };
  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
    } catch {
      // Clipboard needs a secure context; select the text so the user can copy by hand.
      const el = document.getElementById('api-key-secret') as HTMLInputElement | null;
      el?.select();
      document.execCommand?.('copy');
    }
    setCopied(true);
  };
  return (
    <Dialog
      open={open}
      onClose={close}
      title={secret ? 'Your new API key' : 'Create an API key'}
      testId="api-key-dialog"
      footer={
        secret ? (
          <Button variant="primary" onClick={close} data-testid="api-key-done">
            Done
          </Button>
        ) : (
          <>
            <Button onClick={close}>Cancel</Button>
            <Button
              variant="primary"
              onClick={() => void submit()}
              loading={busy}
              disabled={!name.trim()}
              data-testid="api-key-submit"
            >
              Create key
            </Button>
          </>
        )
      }
    >
      {secret ? (
        <div className="space-y-3">
          <div className="flex items-start gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200 ring-inset">
            <Icon name="alert" className="mt-0.5 size-4 shrink-0" />
            Copy it now: it is shown only once and cannot be recovered.
          </div>
          <div className="flex gap-2">
            <Input
              id="api-key-secret"
              data-testid="api-key-secret"
              readOnly
              value={secret}
              className="font-mono text-xs"
              onFocus={(e) => e.target.select()}
            />
            <Button icon={copied ? 'check' : 'copy'} onClick={() => void copy()} data-testid="api-key-copy">
              {copied ? 'Copied' : 'Copy'}
            </Button>
          </div>
        </div>
      ) : (
        <div className="space-y-4">
          <InlineError error={error} />
          <Field label="Name" htmlFor="api-key-name" error={errors.name} hint="What uses it, e.g. “Shopify sync”.">
            <Input
              id="api-key-name"
              data-testid="api-key-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoFocus
              invalid={!!errors.name}
            />
          </Field>
          <Field
            label="Role"
            htmlFor="api-key-role"
            error={errors.role}
            hint="The key can do what a user with this role can do, and never more than you can."
          >
            <Select
              id="api-key-role"
              data-testid="api-key-role"
              value={role}
              onChange={(e) => setRole(e.target.value as Role)}
            >
              {allowed.map((r) => (
                <option key={r} value={r}>
                  {titleCase(r)}
                </option>
              ))}
            </Select>
          </Field>
          {canMakeWorkspaceKeys && (
            <Field
              label="Owner"
              htmlFor="api-key-workspace"
              error={errors.ownedByWorkspace}
              hint="A workspace key keeps working when you leave or are disabled; a personal key stops with you."
            >
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  id="api-key-workspace"
                  data-testid="api-key-workspace"
                  type="checkbox"
                  checked={ownedByWorkspace}
                  onChange={(e) => setOwnedByWorkspace(e.target.checked)}
                />
                Workspace key
              </label>
            </Field>
          )}
        </div>
      )}
    </Dialog>
  );
}
