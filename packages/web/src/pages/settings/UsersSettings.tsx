import { useState } from 'react';
import { api, errorMessage, type ListResponse } from '../../lib/api';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { useAsync } from '../../lib/hooks';
import { isAdmin, useMe } from '../../lib/auth';
import { date, titleCase } from '../../lib/format';
import { invalidateUsers } from '../../lib/users';
import { atLeast, roleRank, roles, type Role, type User } from '../../lib/types';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Avatar } from '../../components/Avatar';
import { Badge, RoleBadge } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { Field, Input, Select } from '../../components/Field';
import { ErrorState, InlineError } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { useToast } from '../../components/Toast';

const roleHelp: Record<Role, string> = {
  owner: 'Everything, including billing-level settings',
  admin: 'Everything, plus users, API keys and settings',
  manager: 'Reads and edits all records',
  rep: 'Their own records (and unassigned ones if allowed)',
  viewer: 'Reads everything, changes nothing',
};

export function UsersSettings() {
  const { user: me } = useMe();
  const admin = isAdmin(me.role);
  const toast = useToast();
  const users = useAsync(async (signal) => {
    const r = await api.get<ListResponse<User> | User[]>('/api/v1/users', undefined, signal);
    return Array.isArray(r) ? r : r.data;
  }, []);
  const [inviting, setInviting] = useState(false);
  const [busyId, setBusyId] = useState<string | null>(null);
  const assignable = roles.filter((r) => atLeast(me.role, r));

  const patch = async (u: User, body: Partial<{ role: Role; disabled: boolean }>, message: string) => {
    setBusyId(u.id);
    try {
      const updated = await api.patch<User>(`/api/v1/users/${u.id}`, body);
      users.setData((list) => list?.map((x) => (x.id === u.id ? { ...x, ...updated } : x)));
      invalidateUsers();
      toast('success', message);
    } catch (e) {
      toast('error', errorMessage(e));
    } finally {
      setBusyId(null);
    }
  };

  return (
    <Card testId="users-settings">
      <CardHeader
        title="Users"
        description="People who can sign in to this workspace."
        actions={
          admin && (
            <Button variant="primary" size="sm" icon="plus" onClick={() => setInviting(true)} data-testid="invite-user">
              Add user
            </Button>
          )
        }
      />
      {users.error ? (
        <ErrorState error={users.error} onRetry={users.reload} />
      ) : !users.data ? (
        <div className="space-y-3 p-5">
          {Array.from({ length: 3 }, (_, i) => (
            <Skeleton key={i} className="h-10" />
          ))}
        </div>
      ) : (
        <table className="w-full text-sm" data-testid="users-table">
          <thead>
            <tr className="border-b border-slate-100 text-left text-xs text-slate-500">
              <th className="px-5 py-2.5 font-medium">Name</th>
              <th className="px-3 py-2.5 font-medium">Role</th>
              <th className="px-3 py-2.5 font-medium">Status</th>
              <th className="px-3 py-2.5 font-medium">Added</th>
              {admin && <th className="px-5 py-2.5" />}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.data.map((u) => {
              // The server's rule: below one's own rank, or any owner for an owner.
              const editable = admin && u.id !== me.id && (me.role === 'owner' || roleRank[u.role] < roleRank[me.role]);
              return (
                <tr
                  key={u.id}
                  data-testid="user-row"
                  data-email={u.email}
                  className={u.disabled ? 'opacity-60' : undefined}
                >
                  <td className="px-5 py-3">
                    <div className="flex items-center gap-3">
                      <Avatar name={u.name} />
                      <div className="min-w-0">
                        <div className="truncate font-medium text-slate-900">
                          {u.name} {u.id === me.id && <span className="text-xs font-normal text-slate-400">(you)</span>}
                        </div>
                        <div className="truncate text-xs text-slate-500">{u.email}</div>
                      </div>
                    </div>
                  </td>
                  <td className="px-3 py-3">
                    {editable ? (
                      <select
                        aria-label={`Role of ${u.name}`}
                        data-testid="user-role-select"
                        value={u.role}
                        disabled={busyId === u.id}
                        onChange={(e) =>
                          void patch(
                            u,
                            { role: e.target.value as Role },
                            `${u.name} is now ${titleCase(e.target.value)}`,
                          )
                        }
                        className="h-8 rounded-md border-0 py-0 pr-7 pl-2 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600"
                      >
                        {assignable.map((r) => (
                          <option key={r} value={r}>
                            {titleCase(r)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <RoleBadge role={u.role} />
                    )}
                  </td>
                  <td className="px-3 py-3">
                    {u.disabled ? (
                      <Badge tone="red">Disabled</Badge>
                    ) : (
                      <Badge tone="green" dot>
                        Active
                      </Badge>
                    )}
                  </td>
                  <td className="px-3 py-3 text-slate-500">{date(u.createdAt ?? null)}</td>
                  {admin && (
                    <td className="px-5 py-3 text-right">
                      {editable && (
                        <Button
                          size="sm"
                          variant={u.disabled ? 'secondary' : 'danger'}
                          loading={busyId === u.id}
                          onClick={() =>
                            void patch(
                              u,
                              { disabled: !u.disabled },
                              u.disabled ? `${u.name} can sign in again` : `${u.name} was disabled`,
                            )
                          }
                          data-testid="user-toggle-disabled"
                        >
                          {u.disabled ? 'Enable' : 'Disable'}
                        </Button>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <InviteDialog
        open={inviting}
        roles={assignable}
        onClose={() => setInviting(false)}
        onCreated={(u) => {
          users.setData((list) => [...(list ?? []), u]);
          invalidateUsers();
          toast('success', `${u.name} can now sign in`);
        }}
      />
    </Card>
  );
}

function InviteDialog({
  open,
  roles: allowed,
  onClose,
  onCreated,
}: {
  open: boolean;
  roles: Role[];
  onClose: () => void;
  onCreated: (u: User) => void;
}) {
  const init = { name: '', email: '', role: 'rep' as Role, password: '' };
  const [form, setForm] = useState(init);
  const { errors, error, busy, reset, run } = useFormSubmit();
  const close = () => {
    setForm(init);
    reset();
    onClose();
  };
  const submit = () =>
    run(async () => {
      const u = await api.post<User>('/api/v1/users', { ...form, name: form.name.trim(), email: form.email.trim() });
      onCreated(u);
      close();
    });
  return (
    <Dialog
      open={open}
      onClose={close}
      title="Add a user"
      description="Give them the email and the temporary password; they can change it after signing in."
      testId="invite-dialog"
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button
            variant="primary"
            onClick={() => void submit()}
            loading={busy}
            disabled={!form.name || !form.email || !form.password}
            data-testid="invite-submit"
          >
            Add user
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <InlineError error={error} />
        <div className="grid grid-cols-2 gap-4">
          <Field label="Name" htmlFor="invite-name" error={errors.name}>
            <Input
              id="invite-name"
              data-testid="invite-name"
              value={form.name}
              onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
              autoFocus
              invalid={!!errors.name}
            />
          </Field>
          <Field label="Email" htmlFor="invite-email" error={errors.email}>
            <Input
              id="invite-email"
              data-testid="invite-email"
              type="email"
              value={form.email}
              onChange={(e) => setForm((f) => ({ ...f, email: e.target.value }))}
              invalid={!!errors.email}
            />
          </Field>
        </div>
        <Field label="Role" htmlFor="invite-role" error={errors.role} hint={roleHelp[form.role]}>
          <Select
            id="invite-role"
            data-testid="invite-role"
            value={form.role}
            onChange={(e) => setForm((f) => ({ ...f, role: e.target.value as Role }))}
          >
            {allowed.map((r) => (
              <option key={r} value={r}>
                {titleCase(r)}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label="Temporary password"
          htmlFor="invite-password"
          error={errors.password}
          hint="At least 8 characters."
        >
          <Input
            id="invite-password"
            data-testid="invite-password"
            type="text"
            autoComplete="off"
            value={form.password}
            onChange={(e) => setForm((f) => ({ ...f, password: e.target.value }))}
            invalid={!!errors.password}
          />
        </Field>
      </div>
    </Dialog>
  );
}
