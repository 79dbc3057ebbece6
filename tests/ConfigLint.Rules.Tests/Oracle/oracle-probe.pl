#!/usr/bin/perl
# oracle-probe.pl PROBES_FILE LOG_FILE TIMEOUT - the relay probes of oracle-harness.sh.
#
# Does what the shared oracle's swaks probes do (EHLO, optional XCLIENT + EHLO,
# MAIL, RCPT, QUIT; one SMTP connection per probe), in one process, and prints
# one {"event":"probe",...} JSON line per probe with the shared script's fields
# and verdicts: accepted (2xx to RCPT), tempfail (4xx), rejected (5xx), error
# (failed before RCPT: stage/code/text of the first failing reply, or the
# connection error).
#
# PROBES_FILE: one spec per line, comma-separated k=v: server=H:P (required;
# "[v6]:port"), src (default 127.0.0.9, or ::1 for an IPv6 server), xclient,
# xname, from, to, helo, nohelo (1: no EHLO after XCLIENT), vrfy (an address to VRFY after
# EHLO: the reply code is reported), label. Every probe reports the EHLO keywords it was offered
# (the last EHLO answered 250), space-separated, upper case, and the mechanisms of its AUTH
# keyword ("auth"). Session probes (verdict "session": they end by design before MAIL, or after
# DATA; tests/ConfigLint.Rules.Tests/Oracle/README.md "Probing TLS and the session"):
#   starttls=1      after EHLO send STARTTLS, report its reply code ("starttls") and hang up
#   tls=wrapper     no plaintext session: "openssl s_client" connects with TLS at once (port 465
#                   wrapper mode), sends EHLO and QUIT; reports the banner it got after the
#                   handshake ("tls_banner"), the EHLO keywords and AUTH mechanisms ("tls_ehlo",
#                   "tls_auth"), and "tls" = ok | failed (no TLS session came about)
#   tls=starttls    the same through STARTTLS (openssl s_client -starttls smtp): what EHLO offers
#                   once TLS is on
#   smuggle=1       after RCPT 2xx send DATA and a message whose text holds <LF>.<LF> followed by
#                   NOOP and <CR><LF>.<CR><LF>: every reply code after the 354 is reported
#                   ("smuggle"); one 250 means <LF>.<LF> did not end the message, more means it
#                   did and the NOOP was read as a command (SMTP smuggling, CVE-2023-51764)
#
# While waiting for a reply the driver watches LOG_FILE: when a daemon logs
# "fatal:"/"panic:" the probe ends at once with that message (smtpd died on its
# configuration: it never answers, and master throttles the service), and later
# probes to that server are reported "not tried", as the shared script does.
use strict;
use warnings;
use IO::Socket::IP;
use IO::Select;
use JSON::PP;
use Time::HiRes qw(time);

my ($probes_file, $log_file, $timeout) = @ARGV;
$timeout ||= 10;
my $json = JSON::PP->new->canonical(0);
my %dead;

sub log_size { my @s = stat($log_file); return @s ? $s[7] : 0; }

sub new_fatal {
    my ($offset) = @_;
    open(my $fh, '<', $log_file) or return undef;
    seek($fh, $offset, 0);
    while (my $line = <$fh>) {
        if ($line =~ m{postfix/[a-z-]+\[\d+\]: ((?:fatal|panic): .*?)\s*$}) { close $fh; return $1; }
    }
    close $fh;
    return undef;
}

# The first smtpd fatal of the run, if master has throttled smtpd since.
sub throttled {
    open(my $fh, '<', $log_file) or return undef;
    my ($fatal, $throttle);
    while (my $line = <$fh>) {
        $fatal //= $1 if $line =~ m{postfix/smtpd\[\d+\]: ((?:fatal|panic): .*?)\s*$};
        $throttle = 1 if $line =~ m{bad command startup -- throttling};
    }
    close $fh;
    return $throttle && $fatal ? $fatal : undef;
}

sub emit_probe {
    my (%p) = @_;
    my @order = qw(label src xclient server from to stage code dsn text verdict banner ehlo auth vrfy starttls tls tls_banner tls_ehlo tls_auth smuggle seconds);
    my $out = '{"event":"probe"';
    for my $k (@order) {
        my $v = $p{$k};
        my $enc;
        if (!defined $v) { $enc = 'null'; }
        elsif ($k eq 'code' || $k eq 'seconds' || $k eq 'vrfy' || $k eq 'starttls') { $enc = $v; }
        else { $enc = $json->encode("$v"); }
        $out .= ",\"$k\":$enc";
    }
    print "$out}\n";
}

# One TLS session through openssl s_client: wrapper mode (TLS at once) or STARTTLS. The EHLO and
# QUIT are written after a second, once the handshake is over; s_client ends when smtpd hangs up.
sub tls_session {
    my ($r, $host, $port, $mode, $helo, $timeout) = @_;
    my $peer = $host =~ /:/ ? "[$host]:$port" : "$host:$port";
    my @cmd = ('openssl', 's_client', '-connect', $peer, '-quiet', '-verify_quiet');
    push @cmd, ('-starttls', 'smtp', '-name', $helo) if $mode eq 'starttls';
    my $limit = int($timeout) + 2;
    my $script = 'sleep 1; printf "EHLO %s\r\nQUIT\r\n" "$0"';
    my $pid = open(my $out, '-|') // die "fork: $!";
    if (!$pid) {
        open(STDERR, '>', '/dev/null');
        open(my $in, '-|', 'sh', '-c', $script, $helo) or exit 1;
        open(STDIN, '<&', $in) or exit 1;
        exec('timeout', $limit, @cmd) or exit 1;
    }
    my @lines = map { s/\r?\n$//r } <$out>;
    close $out;
    my @ehlo;
    my $in_ehlo = 0;
    for my $l (@lines) {
        if ($l =~ /^220[ -](.*)$/ && !defined $r->{tls_banner} && $mode eq 'wrapper') { $r->{tls_banner} = $1; }
        if ($l =~ /^250-/ && !$in_ehlo) { $in_ehlo = 1; next; }
        if ($in_ehlo && $l =~ /^250([- ])(\S+)(?:[ =](.*))?$/) {
            push @ehlo, uc($2);
            $r->{tls_auth} = uc($3 // '') if uc($2) eq 'AUTH';
            $in_ehlo = 0 if $1 eq ' ';
        }
    }
    $r->{tls_ehlo} = @ehlo ? join(' ', @ehlo) : undef;
    $r->{tls} = (@ehlo || defined $r->{tls_banner}) ? 'ok' : 'failed';
}

open(my $pf, '<', $probes_file) or die "open $probes_file: $!";
$| = 1;
while (my $spec = <$pf>) {
    chomp $spec;
    next if $spec eq '';
    my %k = (to => 'someone@example.org', from => 'probe@example.net', helo => 'probe.example.net', label => undef, xclient => undef, xname => undef, nohelo => undef, vrfy => undef, starttls => undef, tls => undef, smuggle => undef);
    for my $kv (grep { length } split /,/, $spec) {
        my ($key, $val) = split /=/, $kv, 2;
        $k{$key} = $val;
    }
    my $server = $k{server};
    my ($host, $port) = $server =~ /^\[(.*)\]:(\d+)$/ ? ($1, $2) : $server =~ /^(.*):(\d+)$/ ? ($1, $2) : ($server, 25);
    $k{src} //= ($host =~ /:/ ? '::1' : '127.0.0.9');
    my $t0 = time;
    my %r = (label => $k{label}, src => $k{src}, xclient => $k{xclient}, server => $server, from => $k{from}, to => $k{to}, banner => undef, ehlo => undef, auth => undef, vrfy => undef, starttls => undef, tls => undef, tls_banner => undef, tls_ehlo => undef, tls_auth => undef, smuggle => undef);
    my $fin = sub {
        my (%x) = @_;
        emit_probe(%r, %x, seconds => sprintf('%.3f', time - $t0));
    };
    if ($dead{$server}) {
        $fin->(stage => 'CONNECT', code => undef, dsn => undef, text => "not tried: smtpd on this service died earlier ($dead{$server})", verdict => 'error');
        next;
    }
    if (defined $k{tls}) {
        tls_session(\%r, $host, $port, $k{tls}, $k{helo}, $timeout);
        $fin->(stage => 'TLS', code => undef, dsn => undef, text => $r{tls} eq 'ok' ? 'TLS session' : 'no TLS session', verdict => 'session');
        next;
    }
    my $offset = log_size();
    # GetAddrInfoFlags 0: the default AI_ADDRCONFIG hides ::1 when lo has no other IPv6 address.
    my $sock = IO::Socket::IP->new(PeerHost => $host, PeerPort => $port, LocalHost => $k{src}, Timeout => $timeout, GetAddrInfoFlags => 0);
    if (!$sock) {
        $fin->(stage => 'CONNECT', code => undef, dsn => undef, text => "connection failed: $@", verdict => 'error');
        next;
    }
    my $sel = IO::Select->new($sock);
    my $buf = '';
    my $fatal;
    my ($stage, $first_fail, $rcpt) = ('CONNECT', undef, undef);
    # One reply (possibly multi-line): returns (code, text of the last line) or () on error.
    my @last_lines;
    my $reply = sub {
        my $deadline = time + $timeout;
        my @lines;
        while (1) {
            while ($buf =~ s/^([^\n]*)\n//) {
                my $l = $1; $l =~ s/\r$//;
                push @lines, $l;
                if ($l =~ /^(\d{3})(?: (.*))?$/) { @last_lines = @lines; return ($1, $2 // ''); }   # "250-..." continues
            }
            if (defined(my $f = new_fatal($offset))) { $fatal = $f; return (); }
            # A service whose smtpd died earlier in this run (seen on another of its listeners,
            # e.g. 127.0.0.1:25 and [::1]:25) is throttled by master: it accepts the connection
            # but no smtpd greets. Do not wait the whole timeout for a banner that cannot come.
            if ($stage eq 'CONNECT' && @lines == 0 && time > $deadline - $timeout + 1.5 && (my $t = throttled())) {
                $fatal = "not tried: service throttled by master after an earlier smtpd fatal ($t)"; return ();
            }
            return () if time > $deadline;
            if ($sel->can_read(0.05)) {
                my $n = sysread($sock, $buf, 65536, length $buf);
                if (!$n) {
                    # Connection closed: give a just-logged fatal a moment to arrive.
                    for (1 .. 10) { if (defined(my $f = new_fatal($offset))) { $fatal = $f; last; } select(undef, undef, undef, 0.05); }
                    return ();
                }
            }
        }
    };
    my $send = sub { my ($cmd, $st) = @_; $stage = $st; print $sock "$cmd\r\n"; };
    my ($code, $text) = $reply->();
    my $ok = defined $code;
    $r{banner} = $text if $ok && $code eq '220';
    my $check = sub {
        my ($c, $t) = @_;
        if (!defined $c) { return 0; }
        $first_fail //= [$stage, $c, $t] if $c >= 400;
        return $c < 400;
    };
    my $progress = $ok && $check->($code, $text);
    # A refused EHLO does not end the session: a client may go on without HELO (Postfix requires
    # one only with smtpd_helo_required = yes, and says so at MAIL FROM), so the probe goes on.
    # A 421 (smtpd hangs up) and a lost connection still end it.
    # The keywords of a 250 EHLO reply: every line after the greeting line, first word, upper case.
    my $keywords = sub {
        my @k = map { /^250[- ](\S+)/ ? uc($1) : () } @last_lines[1 .. $#last_lines]; $r{ehlo} = join(' ', @k);
        my ($auth) = map { /^250[- ]AUTH[ =](.*)$/i ? $1 : () } @last_lines[1 .. $#last_lines]; $r{auth} = defined $auth ? uc($auth) : undef;
    };
    my $helo_refused = sub { my ($c) = @_; return defined $c && $c =~ /^[45]/ && $c ne '421'; };
    if ($progress) { $send->("EHLO $k{helo}", 'EHLO'); ($code, $text) = $reply->(); $keywords->() if defined $code && $code eq '250'; $progress = $check->($code, $text) || $helo_refused->($code); }
    if ($progress && defined $k{xclient}) {
        my $xa = $k{xclient};
        $xa = "IPV6:$xa" if $xa =~ /:/ && $xa !~ /^ipv6:/i;
        my $cmd = "XCLIENT ADDR=$xa" . (defined $k{xname} ? " NAME=$k{xname}" : '');
        $send->($cmd, 'XCLIENT'); ($code, $text) = $reply->(); $progress = $check->($code, $text);
        $r{banner} = $text if $progress && $code eq '220';
        # nohelo=1: after XCLIENT the probe sends no HELO at all, as a client that skips it may.
        if ($progress && !$k{nohelo}) { $send->("EHLO $k{helo}", 'EHLO'); ($code, $text) = $reply->(); $keywords->() if defined $code && $code eq '250'; $progress = $check->($code, $text) || $helo_refused->($code); }
    }
    if ($progress && defined $k{vrfy}) {
        # VRFY answers do not decide the relay verdict: record the code, and go on whatever it is.
        $send->("VRFY $k{vrfy}", 'VRFY'); my ($vc) = $reply->(); $r{vrfy} = $vc; $progress = defined $vc;
    }
    if ($progress && $k{starttls}) {
        # The reply to STARTTLS is the observation; after a 220 the server waits for a TLS handshake.
        $send->('STARTTLS', 'STARTTLS'); my ($sc, $st) = $reply->();
        close $sock;
        if (defined $fatal) { $dead{$server} = $fatal; $fin->(stage => 'CONNECT', code => undef, dsn => undef, text => $fatal, verdict => 'error'); next; }
        $r{starttls} = $sc;
        $fin->(stage => 'STARTTLS', code => $sc, dsn => undef, text => $st // 'no reply', verdict => defined $sc ? 'session' : 'error');
        next;
    }
    if ($progress) { $send->("MAIL FROM:<$k{from}>", 'MAIL'); ($code, $text) = $reply->(); $progress = $check->($code, $text); }
    if ($progress) { $send->("RCPT TO:<$k{to}>", 'RCPT'); ($code, $text) = $reply->(); $rcpt = [$code, $text] if defined $code; }
    if ($k{smuggle} && $rcpt && $rcpt->[0] =~ /^2/ && !defined $fatal) {
        $send->('DATA', 'DATA'); my ($dc) = $reply->();
        if (defined $dc && $dc eq '354') {
            # <LF>.<LF> inside the text, then a command, then the real end of data.
            print $sock "Subject: smuggling probe\r\n\r\nbody\r\n\n.\nNOOP\r\n.\r\n";
            my @codes;
            my $t = $timeout; $timeout = 1.5;
            while (my ($c) = $reply->()) { push @codes, $c; }
            $timeout = $t;
            $r{smuggle} = join(' ', @codes);
        } else {
            $r{smuggle} = 'DATA ' . ($dc // 'no reply');
        }
    }
    if (!defined $fatal) { print $sock "QUIT\r\n"; }
    close $sock;
    if (defined $fatal) {
        $dead{$server} = $fatal;
        $fin->(stage => 'CONNECT', code => undef, dsn => undef, text => $fatal, verdict => 'error');
        next;
    }
    my ($fstage, $fcode, $ftext, $verdict);
    if ($rcpt) {
        ($fstage, $fcode, $ftext) = ('RCPT', @$rcpt);
        $verdict = $fcode =~ /^2/ ? 'accepted' : $fcode =~ /^4/ ? 'tempfail' : 'rejected';
    } elsif ($first_fail) {
        ($fstage, $fcode, $ftext) = @$first_fail; $verdict = 'error';
    } else {
        ($fstage, $fcode, $ftext) = ($stage, undef, "no reply (timeout or connection closed) at $stage"); $verdict = 'error';
    }
    $ftext //= '';
    my $dsn;
    if ($ftext =~ /^([245]\.\d{1,3}\.\d{1,3}) (.*)$/) { ($dsn, $ftext) = ($1, $2); }
    $fin->(stage => $fstage, code => $fcode, dsn => $dsn, text => $ftext, verdict => $verdict);
}
