import { useState, type FormEvent } from 'react';
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Navigate, useSearchParams } from 'react-router';
import { SESSION_END_MESSAGES, ZSessionEndReason, ZSignInInput } from '@marketdesk/shared';
import { ColorSchemeToggle } from '../components/ColorSchemeToggle/ColorSchemeToggle.tsx';
import { readServerFieldErrors, validateWith, type FieldErrors } from '../lib/field-errors.ts';
import { useSetAfterWrite } from '../lib/refresh-after-write.ts';
import { useTRPC } from '../lib/trpc.ts';
import { readSafeNext } from './safe-next.ts';
import { SignInError } from './SignInError.tsx';
import { useSession } from './useSession.ts';
import { PageTitle } from '../components/PageTitle/PageTitle.tsx';

export default function SignInPage() {
  const trpc = useTRPC();
  const setAfterWrite = useSetAfterWrite();
  const [searchParams] = useSearchParams();
  const next = readSafeNext(searchParams.get('next'));
  const ended = ZSessionEndReason.safeParse(searchParams.get('ended')).data;
  const session = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      // The session answer now has a user, so this page redirects to `next`.
      onSuccess: (user) => setAfterWrite(trpc.auth.me.queryKey(), { user, stripeMode: session.stripeMode }),
    }),
  );

  if (session.user) return <Navigate to={next} replace />;

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = validateWith(ZSignInInput, { email, password });
    setClientErrors(parsed.errors ?? {});
    if (parsed.data) signIn.mutate(parsed.data);
  }

  const errors = { ...(signIn.error ? readServerFieldErrors(signIn.error) : {}), ...clientErrors };
  return (
    <Center mih="100vh" p="md" pos="relative">
      <ColorSchemeToggle pos="absolute" top={16} right={16} />
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={400}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <div>
              <PageTitle>Marketdesk</PageTitle>
              <Text c="dimmed" size="sm">Sign in to the marketplace console</Text>
            </div>
            {ended && !signIn.error && (
              <Alert color="yellow" icon={<IconLogout />} title="You were signed out" data-testid="session-ended">{SESSION_END_MESSAGES[ended]}.</Alert>
            )}
            {signIn.error && <SignInError error={signIn.error} failedAt={signIn.submittedAt} />}
            <TextInput label="Email" type="email" autoComplete="username" autoFocus value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.email} />
            <PasswordInput label="Password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.password} />
            <Button type="submit" loading={signIn.isPending} fullWidth>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
