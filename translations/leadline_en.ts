<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Leadline::ActivityRepository</name>
    <message>
        <source>A call must belong to a customer.</source>
        <translation>A call must belong to a customer.</translation>
    </message>
    <message>
        <source>The note is empty.</source>
        <translation>The note is empty.</translation>
    </message>
</context>
<context>
    <name>Leadline::AgentDrillDown</name>
    <message>
        <source>The agent&apos;s calls could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::AgentStates</name>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Not ready</source>
        <translation>Not ready</translation>
    </message>
    <message>
        <source>On call</source>
        <translation>On call</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>Wrap-up</translation>
    </message>
</context>
<context>
    <name>Leadline::ArticleRepository</name>
    <message>
        <source>An article needs a title.</source>
        <translation>An article needs a title.</translation>
    </message>
    <message>
        <source>The title is longer than 200 characters.</source>
        <translation>The title is longer than 200 characters.</translation>
    </message>
    <message>
        <source>An article needs some text.</source>
        <translation>An article needs some text.</translation>
    </message>
</context>
<context>
    <name>Leadline::ArticleSearch</name>
    <message>
        <source>The knowledge base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The suggested scripts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::AuditQuery</name>
    <message>
        <source>The audit log</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::AuditTrail</name>
    <message>
        <source>&quot;%1&quot; is recorded in the audit log by the server when the change reaches it, not by the workstation.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::BaresipDialer</name>
    <message>
        <source>Connected to baresip at %1.</source>
        <translation>Connected to baresip at %1.</translation>
    </message>
    <message>
        <source>baresip is not running, or its control port %1 (ctrl_tcp) is not reachable. Start baresip, or choose another dialer in Settings.</source>
        <translation>baresip is not running, or its control port %1 (ctrl_tcp) is not reachable. Start baresip, or choose another dialer in Settings.</translation>
    </message>
    <message>
        <source>A call is already in progress.</source>
        <translation>A call is already in progress.</translation>
    </message>
    <message>
        <source>Lost the connection to baresip.</source>
        <translation>Lost the connection to baresip.</translation>
    </message>
    <message>
        <source>baresip refused the call.</source>
        <translation>baresip refused the call.</translation>
    </message>
    <message>
        <source>Lost the connection to baresip during the call.</source>
        <translation>Lost the connection to baresip during the call.</translation>
    </message>
</context>
<context>
    <name>Leadline::BulkLoad</name>
    <message>
        <source>The workspace could not prepare a bulk load: %1</source>
        <translation>The workspace could not prepare a bulk load: %1</translation>
    </message>
</context>
<context>
    <name>Leadline::CallDrafts</name>
    <message>
        <source>The call in progress could not be kept on disk: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The unsaved call cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The unsaved call could not be cleared: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::CallKpiQuery</name>
    <message>
        <source>The call figures could not be read: %1</source>
        <translation>The call figures could not be read: %1</translation>
    </message>
</context>
<context>
    <name>Leadline::CallLogger</name>
    <message>
        <source>Open a customer before logging a call.</source>
        <translation>Open a customer before logging a call.</translation>
    </message>
    <message>
        <source>Choose a disposition (keys 1–9).</source>
        <translation>Choose a disposition (keys 1–9).</translation>
    </message>
    <message>
        <source>That disposition no longer exists; choose another.</source>
        <translation>That disposition no longer exists; choose another.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; needs a note: write what was said.</source>
        <translation>&quot;%1&quot; needs a note: write what was said.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; needs a callback: pick the next follow-up time.</source>
        <translation>&quot;%1&quot; needs a callback: pick the next follow-up time.</translation>
    </message>
    <message>
        <source>The follow-up time is in the past.</source>
        <translation>The follow-up time is in the past.</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Call back</translation>
    </message>
    <message>
        <source>When was the call? Give its start time.</source>
        <translation>When was the call? Give its start time.</translation>
    </message>
    <message>
        <source>A call made outside Leadline cannot start in the future.</source>
        <translation>A call made outside Leadline cannot start in the future.</translation>
    </message>
    <message>
        <source>The duration cannot be negative.</source>
        <translation>The duration cannot be negative.</translation>
    </message>
    <message>
        <source>The customer&apos;s calls</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::CallSession</name>
    <message>
        <source>Idle</source>
        <translation>Idle</translation>
    </message>
    <message>
        <source>Dialing</source>
        <translation>Dialing</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>Ringing</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>Wrap-up</translation>
    </message>
    <message>
        <source>Logged</source>
        <translation>Logged</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Busy</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>No answer</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>A call is already in progress.</source>
        <translation>A call is already in progress.</translation>
    </message>
    <message>
        <source>Log the previous call before dialing again.</source>
        <translation>Log the previous call before dialing again.</translation>
    </message>
</context>
<context>
    <name>Leadline::ChangePuller</name>
    <message>
        <source>Cannot record a conflict: %1</source>
        <translation>Cannot record a conflict: %1</translation>
    </message>
    <message>
        <source>The server asked for a full resync twice during one sync.</source>
        <translation>The server asked for a full resync twice during one sync.</translation>
    </message>
</context>
<context>
    <name>Leadline::ChangeWriter</name>
    <message>
        <source>%1 is not a synced table.</source>
        <translation>%1 is not a synced table.</translation>
    </message>
    <message>
        <source>%1 has no field %2.</source>
        <translation>%1 has no field %2.</translation>
    </message>
    <message>
        <source>The record no longer exists (it may have been deleted or reassigned).</source>
        <translation>The record no longer exists (it may have been deleted or reassigned).</translation>
    </message>
    <message>
        <source>The workspace could not save the change: %1</source>
        <translation>The workspace could not save the change: %1</translation>
    </message>
    <message>
        <source>The record changed since this was decided (%1 is no longer %2).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::Cli</name>
    <message>
        <source>Create a deterministic demo workspace.</source>
        <translation>Create a deterministic demo workspace.</translation>
    </message>
    <message>
        <source>Search customers like the customer list does.</source>
        <translation>Search customers like the customer list does.</translation>
    </message>
    <message>
        <source>Run one sync round with the server.</source>
        <translation>Run one sync round with the server.</translation>
    </message>
    <message>
        <source>Measure the performance budgets on a demo workspace.</source>
        <translation>Measure the performance budgets on a demo workspace.</translation>
    </message>
    <message>
        <source>Leadline telesales workstation.</source>
        <translation>Leadline telesales workstation.</translation>
    </message>
    <message>
        <source>The local workspace file.</source>
        <translation>The local workspace file.</translation>
    </message>
    <message>
        <source>Print one JSON object.</source>
        <translation>Print one JSON object.</translation>
    </message>
    <message>
        <source>Subcommand to run.</source>
        <translation>Subcommand to run.</translation>
    </message>
    <message>
        <source>unknown command &quot;%1&quot; (commands: %2)</source>
        <translation>unknown command &quot;%1&quot; (commands: %2)</translation>
    </message>
    <message>
        <source>Leadline telesales workstation.

Without a command, opens the workstation window.
Commands: %1 (run &apos;leadline COMMAND --help&apos;).</source>
        <translation>Leadline telesales workstation.

Without a command, opens the workstation window.
Commands: %1 (run &apos;leadline COMMAND --help&apos;).</translation>
    </message>
    <message>
        <source>UI language: zh_CN or en.</source>
        <translation>UI language: zh_CN or en.</translation>
    </message>
    <message>
        <source>Leadline</source>
        <translation>Leadline</translation>
    </message>
    <message>
        <source>Generating a demo workspace with %1 customers in %2…</source>
        <translation>Generating a demo workspace with %1 customers in %2…</translation>
    </message>
    <message>
        <source>  %1%</source>
        <translation>  %1%</translation>
    </message>
    <message>
        <source>Building the search index…</source>
        <translation>Building the search index…</translation>
    </message>
    <message>
        <source>Customers in the demo workspace (default 1000000).</source>
        <translation>Customers in the demo workspace (default 1000000).</translation>
    </message>
    <message>
        <source>Small sizes and few runs, for a smoke check.</source>
        <translation>Small sizes and few runs, for a smoke check.</translation>
    </message>
    <message>
        <source>Run only benchmarks whose name starts with PREFIX.</source>
        <translation>Run only benchmarks whose name starts with PREFIX.</translation>
    </message>
    <message>
        <source>Timed runs per benchmark (default 200).</source>
        <translation>Timed runs per benchmark (default 200).</translation>
    </message>
    <message>
        <source>--size takes a positive number</source>
        <translation>--size takes a positive number</translation>
    </message>
    <message>
        <source>--runs takes a positive number</source>
        <translation>--runs takes a positive number</translation>
    </message>
    <message>
        <source>no benchmark name starts with &quot;%1&quot;</source>
        <translation>no benchmark name starts with &quot;%1&quot;</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1  size %2  p50 %3 ms  p95 %4 ms  max %5 ms  floor p95 %6 ms  ratio %7  budget %8 ms</source>
        <translation>%1  size %2  p50 %3 ms  p95 %4 ms  max %5 ms  floor p95 %6 ms  ratio %7  budget %8 ms</translation>
    </message>
    <message>
        <source>the workspace has no customers</source>
        <translation>the workspace has no customers</translation>
    </message>
    <message>
        <source>no customers could be sampled</source>
        <translation>no customers could be sampled</translation>
    </message>
    <message>
        <source>no inputs for this benchmark</source>
        <translation>no inputs for this benchmark</translation>
    </message>
    <message>
        <source>cannot add the benchmark&apos;s todos</source>
        <translation>cannot add the benchmark&apos;s todos</translation>
    </message>
    <message>
        <source>Number of customers (1 to 10000000).</source>
        <translation>Number of customers (1 to 10000000).</translation>
    </message>
    <message>
        <source>Random seed (same seed, same data).</source>
        <translation>Random seed (same seed, same data).</translation>
    </message>
    <message>
        <source>The data&apos;s &quot;today&quot; as YYYY-MM-DD (default: today).</source>
        <translation>The data&apos;s &quot;today&quot; as YYYY-MM-DD (default: today).</translation>
    </message>
    <message>
        <source>Average calls per customer over the year (default 8).</source>
        <translation>Average calls per customer over the year (default 8).</translation>
    </message>
    <message>
        <source>demo takes no arguments, got &quot;%1&quot;</source>
        <translation>demo takes no arguments, got &quot;%1&quot;</translation>
    </message>
    <message>
        <source>demo needs --workspace FILE (a new, empty workspace)</source>
        <translation>demo needs --workspace FILE (a new, empty workspace)</translation>
    </message>
    <message>
        <source>--customers takes a number from 1 to 10000000</source>
        <translation>--customers takes a number from 1 to 10000000</translation>
    </message>
    <message>
        <source>--seed takes a whole number from 0 to 4294967295</source>
        <translation>--seed takes a whole number from 0 to 4294967295</translation>
    </message>
    <message>
        <source>--calls-per-customer takes a number from 0 to 100</source>
        <translation>--calls-per-customer takes a number from 0 to 100</translation>
    </message>
    <message>
        <source>--anchor takes a date as YYYY-MM-DD</source>
        <translation>--anchor takes a date as YYYY-MM-DD</translation>
    </message>
    <message>
        <source>Demo workspace %1: %2 customers, %3 contacts, %4 phones, %5 calls, %6 todos, %7 notes, %8 articles, %9 agents in %10 s.</source>
        <translation>Demo workspace %1: %2 customers, %3 contacts, %4 phones, %5 calls, %6 todos, %7 notes, %8 articles, %9 agents in %10 s.</translation>
    </message>
    <message>
        <source>search needs a QUERY</source>
        <translation>search needs a QUERY</translation>
    </message>
    <message>
        <source>--limit takes a positive number</source>
        <translation>--limit takes a positive number</translation>
    </message>
    <message>
        <source>The server database: postgresql://user:password@host:port/dbname?sslmode=…</source>
        <translation>The server database: postgresql://user:password@host:port/dbname?sslmode=…</translation>
    </message>
    <message>
        <source>server %1 needs --db URL</source>
        <translation>server %1 needs --db URL</translation>
    </message>
    <message>
        <source>The server schema is up to date (version %1).</source>
        <translation>The server schema is up to date (version %1).</translation>
    </message>
    <message>
        <source>The server schema went from version %1 to %2.</source>
        <translation>The server schema went from version %1 to %2.</translation>
    </message>
    <message>
        <source>The server database URL.</source>
        <translation>The server database URL.</translation>
    </message>
    <message>
        <source>Sign in as this user (instead of the URL&apos;s).</source>
        <translation>Sign in as this user (instead of the URL&apos;s).</translation>
    </message>
    <message>
        <source>The user&apos;s password.</source>
        <translation>The user&apos;s password.</translation>
    </message>
    <message>
        <source>sync needs --db URL</source>
        <translation>sync needs --db URL</translation>
    </message>
    <message>
        <source>sync failed: %1</source>
        <translation>sync failed: %1</translation>
    </message>
    <message>
        <source>Pushed %1, pulled %2, conflicts %3, rejected %4, pending %5.</source>
        <translation>Pushed %1, pulled %2, conflicts %3, rejected %4, pending %5.</translation>
    </message>
    <message>
        <source>The server database (an administrator&apos;s URL).</source>
        <translation>The server database (an administrator&apos;s URL).</translation>
    </message>
    <message>
        <source>User %1 (%2) is ready.</source>
        <translation>User %1 (%2) is ready.</translation>
    </message>
    <message>
        <source>A server database the sync benchmarks may fill (an administrator&apos;s URL); without it they are skipped.</source>
        <translation>A server database the sync benchmarks may fill (an administrator&apos;s URL); without it they are skipped.</translation>
    </message>
    <message>
        <source>%1 need a server: add --db URL</source>
        <translation>%1 need a server: add --db URL</translation>
    </message>
    <message>
        <source>the shipped articles are missing</source>
        <translation>the shipped articles are missing</translation>
    </message>
    <message>
        <source>cannot add the benchmark&apos;s articles: %1</source>
        <translation>cannot add the benchmark&apos;s articles: %1</translation>
    </message>
    <message>
        <source>the server holds no customers to edit</source>
        <translation>the server holds no customers to edit</translation>
    </message>
    <message>
        <source>%1 edits were still pending after the round</source>
        <translation>%1 edits were still pending after the round</translation>
    </message>
    <message>
        <source>Initialize or upgrade the server schema, or trim it to the offline window (init|migrate|purge).</source>
        <translation>Initialize or upgrade the server schema, or trim it to the offline window (init|migrate|purge).</translation>
    </message>
    <message>
        <source>Seeding the server %1 with %2 customers…</source>
        <translation>Seeding the server %1 with %2 customers…</translation>
    </message>
    <message>
        <source>Adding %1 calls per customer on the server…</source>
        <translation>Adding %1 calls per customer on the server…</translation>
    </message>
    <message>
        <source>the sync engines did not come online: %1</source>
        <translation>the sync engines did not come online: %1</translation>
    </message>
    <message>
        <source>the edit did not reach the second workspace within %1 s</source>
        <translation>the edit did not reach the second workspace within %1 s</translation>
    </message>
    <message>
        <source>a bare round did not bring the edit to the second workspace</source>
        <translation>a bare round did not bring the edit to the second workspace</translation>
    </message>
    <message>
        <source>purge: the offline window in days; older tombstones and feed entries go (default %1).</source>
        <translation>purge: the offline window in days; older tombstones and feed entries go (default %1).</translation>
    </message>
    <message>
        <source>--keep-days needs a whole number of days, at least 1</source>
        <translation>--keep-days needs a whole number of days, at least 1</translation>
    </message>
    <message>
        <source>Removed %1 deleted rows, %2 change feed entries and %3 stored answers older than %4 days.</source>
        <translation>Removed %1 deleted rows, %2 change feed entries and %3 stored answers older than %4 days.</translation>
    </message>
    <message>
        <source>server needs an action: init, migrate or purge</source>
        <translation>server needs an action: init, migrate or purge</translation>
    </message>
    <message>
        <source>Manage the server&apos;s users (add|list|disable|enable|set-role|set-team|passwd).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The user&apos;s login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add, passwd: the user&apos;s password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add, set-role: agent, supervisor or admin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add, set-team: the team (created when new).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add: the user&apos;s display name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user needs an action: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user %1 needs --%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User %1: %2 done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Newer changes on the server wait for another open transaction to end (the server ends it within 30 s).</source>
        <translation></translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the condition is valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rules %1 needs a FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 customers match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the KPIs of a period (kpis --from DATE --to DATE [--agent LOGIN | --team NAME]).</source>
        <translation>Print the KPIs of a period (kpis --from DATE --to DATE [--agent LOGIN | --team NAME]).</translation>
    </message>
    <message>
        <source>%1 holds an unfinished benchmark team: delete it and run again</source>
        <translation>%1 holds an unfinished benchmark team: delete it and run again</translation>
    </message>
    <message>
        <source>Writing a %1-agent team&apos;s year of %2 calls into %3…</source>
        <translation>Writing a %1-agent team&apos;s year of %2 calls into %3…</translation>
    </message>
    <message>
        <source>First day of the period (YYYY-MM-DD).</source>
        <translation>First day of the period (YYYY-MM-DD).</translation>
    </message>
    <message>
        <source>Last day of the period (YYYY-MM-DD).</source>
        <translation>Last day of the period (YYYY-MM-DD).</translation>
    </message>
    <message>
        <source>Only this agent&apos;s figures.</source>
        <translation>Only this agent&apos;s figures.</translation>
    </message>
    <message>
        <source>Only this team&apos;s figures.</source>
        <translation>Only this team&apos;s figures.</translation>
    </message>
    <message>
        <source>report takes one report name: kpis</source>
        <translation>report takes one report name: kpis</translation>
    </message>
    <message>
        <source>report kpis needs --from DATE and --to DATE</source>
        <translation>report kpis needs --from DATE and --to DATE</translation>
    </message>
    <message>
        <source>give either --agent or --team, not both</source>
        <translation>give either --agent or --team, not both</translation>
    </message>
    <message>
        <source>agent	dials	connects	connect rate	effective talk (s)	todos overdue	leads owned	conversions</source>
        <translation>agent	dials	connects	connect rate	effective talk (s)	todos overdue	leads owned	conversions</translation>
    </message>
    <message>
        <source>total</source>
        <translation>total</translation>
    </message>
    <message>
        <source>Check, list, dry-run, backtest and sweep the rules (check FILE, dry-run [FILE | --rule NAME], list, backtest [--rule NAME], sweep).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--days takes a number of days from 1 to 366</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no rule named %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dry-run, backtest: list at most N matching customers (default 50).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dry-run, backtest: the stored rule to decide (name or id; default: every enabled rule).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backtest: how many days back (default 30).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rules needs an action: check FILE, dry-run [FILE | --rule NAME], list, backtest [--rule NAME] [--days N] or sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a lead list from CSV or XLSX (FILE), or undo an import (undo BATCH).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export customers or calls to CSV or XLSX (customers|calls --out FILE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write the benchmark&apos;s lead list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the import bench imported %1 of %2 rows (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>csv or xlsx (default: from the file name).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file to write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export takes customers or calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export needs --out FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--format takes csv or xlsx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote %1 rows to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>import undo needs a BATCH id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed %1 customers, restored %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left as it is (edited since the import): row %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workbook sheet to import (default: the first).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CSV file&apos;s encoding (default: detected).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The row holding the column headers (default 1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do with a row matching an existing customer by phone or e-mail.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the new customers to this user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the new customers in the lead pool.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share the new customers among a team&apos;s members.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag every imported customer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check and count only; write nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the rows that failed, with an error column.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>import needs a FILE (or undo BATCH)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--header-row takes a positive number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--on-duplicate takes skip, update or create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give only one of --owner, --pool and --round-robin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1, updated %2, skipped %3, failed %4.%5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Batch: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the supervisor&apos;s floor did not show the agent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the state change did not reach the supervisor within %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Add --create to make a new workspace there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make a new workspace when the file is missing or empty (never over another program&apos;s database).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

Create a new, empty workspace at %2?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only: this workspace cannot be changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace %1 is whole (every page read in %2 ms).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace %1 is damaged; recover it from the server or restore a backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>workspace backup needs a FILE to write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists; a backup never overwrites a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backup %1 could not be read back: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backed up %1 to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>check: also compare every index with its table (slower).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check every page of the workspace, make a consistent copy of it while it is in use, or rebuild a damaged one from the server keeping its unsynced changes (check [--thorough]|backup FILE|recover --db URL).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>workspace recover needs --db URL: the workspace is rebuilt from the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace %1 is whole: there is nothing to recover.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace %1 was rebuilt from the server (%2 rows).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsynced changes saved and sent again: %1 (accepted %2, refused %3). They stay in %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parts of the damaged file&apos;s unsynced changes could not be read: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The refused changes are listed with the conflicts, with the reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The damaged file was kept as %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recover: the server database URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recover: sign in as this user (instead of the URL&apos;s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recover: the user&apos;s password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>workspace needs check, backup FILE or recover --db URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 customers, %2 time rules: %3 matched, %4 applied, %5 decided before, %6 failed, %7 stale, %8 lead scores updated (%9 ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the floor insert failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the window did not start and paint its list: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the window&apos;s start-up report is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no temporary folder for the window&apos;s settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most N results, up to 10000 (default 20).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip the first N results (to page through).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--limit takes a number from 1 to %1; --offset pages through more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--offset takes a number from 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the window timed no key</source>
        <translation></translation>
    </message>
    <message>
        <source>The server database URL: the server is asked first and records the export.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::Cli::TeamYear</name>
    <message>
        <source>Summing the rollups and indexing…</source>
        <translation>Summing the rollups and indexing…</translation>
    </message>
    <message>
        <source>cannot write the benchmark&apos;s team data</source>
        <translation>cannot write the benchmark&apos;s team data</translation>
    </message>
    <message>
        <source>  %1 calls</source>
        <translation>  %1 calls</translation>
    </message>
</context>
<context>
    <name>Leadline::ComplianceChecker</name>
    <message>
        <source> (%1)</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <source>%1 is on the do-not-call list: numbers starting %2%3.</source>
        <translation>%1 is on the do-not-call list: numbers starting %2%3.</translation>
    </message>
    <message>
        <source>%1 is on the do-not-call list%2.</source>
        <translation>%1 is on the do-not-call list%2.</translation>
    </message>
    <message>
        <source>The customer&apos;s local time cannot be determined from %1, so calling hours cannot be checked.</source>
        <translation>The customer&apos;s local time cannot be determined from %1, so calling hours cannot be checked.</translation>
    </message>
    <message>
        <source>Customer&apos;s local time is %1, outside the allowed calling hours %2–%3.</source>
        <translation>Customer&apos;s local time is %1, outside the allowed calling hours %2–%3.</translation>
    </message>
    <message>
        <source>This customer was already called %1 times today (the limit is %2 a day).</source>
        <translation>This customer was already called %1 times today (the limit is %2 a day).</translation>
    </message>
    <message>
        <source>This customer was already called %1 times (the limit is %2 in total).</source>
        <translation>This customer was already called %1 times (the limit is %2 in total).</translation>
    </message>
    <message>
        <source>The compliance check cannot be made, so the call is not placed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::CompositionRoot</name>
    <message>
        <source>Saving the unsynced changes and rebuilding the workspace from the server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recover the workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace was rebuilt from the server.

Unsynced changes saved and sent again: %1 (accepted %2, refused %3).
They stay in %4.
The damaged file was kept as %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The refused changes are listed with the conflicts, with the reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parts of the damaged file&apos;s unsynced changes could not be read: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A recovery of workspace %1 was started and has not finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leadline</source>
        <translation type="unfinished">Leadline</translation>
    </message>
    <message>
        <source>Leadline can rebuild the workspace from the server: the changes not synced yet are saved in a file beside it and sent again, and the damaged file is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Recover from the server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace %1 is whole: there is nothing to recover.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::CompositionRoot::SyncSetup</name>
    <message>
        <source>Server…</source>
        <translation>Server…</translation>
    </message>
    <message>
        <source>Sign in to the shared server</source>
        <translation>Sign in to the shared server</translation>
    </message>
    <message>
        <source>Not signed in to the server: click &quot;Server…&quot; to sync</source>
        <translation>Not signed in to the server: click &quot;Server…&quot; to sync</translation>
    </message>
    <message>
        <source>Keychain</source>
        <translation>Keychain</translation>
    </message>
    <message>
        <source>%1
Sync runs for this session; you will be asked again next time.</source>
        <translation>%1
Sync runs for this session; you will be asked again next time.</translation>
    </message>
</context>
<context>
    <name>Leadline::ConflictLog</name>
    <message>
        <source>Cannot close the conflict: %1</source>
        <translation>Cannot close the conflict: %1</translation>
    </message>
    <message>
        <source>This conflict was already resolved.</source>
        <translation>This conflict was already resolved.</translation>
    </message>
    <message>
        <source>The conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The refused changes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::CsvReader</name>
    <message>
        <source>The file cannot be read from its start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The encoding %1 is not known.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be opened: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::CustomerMerger</name>
    <message>
        <source>A customer cannot be merged into itself.</source>
        <translation>A customer cannot be merged into itself.</translation>
    </message>
    <message>
        <source>The customer to keep no longer exists.</source>
        <translation>The customer to keep no longer exists.</translation>
    </message>
    <message>
        <source>The duplicate customer no longer exists.</source>
        <translation>The duplicate customer no longer exists.</translation>
    </message>
    <message>
        <source>Merged customer %1</source>
        <translation>Merged customer %1</translation>
    </message>
    <message>
        <source>Merged customer %1 (%2)</source>
        <translation>Merged customer %1 (%2)</translation>
    </message>
    <message>
        <source>The merge could not be saved: %1</source>
        <translation>The merge could not be saved: %1</translation>
    </message>
    <message>
        <source>This merge cannot be undone any more.</source>
        <translation>This merge cannot be undone any more.</translation>
    </message>
    <message>
        <source>The merge has already been sent to the server and cannot be undone.</source>
        <translation>The merge has already been sent to the server and cannot be undone.</translation>
    </message>
    <message>
        <source>The merge could not be undone: %1</source>
        <translation>The merge could not be undone: %1</translation>
    </message>
    <message>
        <source>The merge could not be undone: unknown table %1.</source>
        <translation>The merge could not be undone: unknown table %1.</translation>
    </message>
    <message>
        <source>The merge could not be undone: unknown field %1.</source>
        <translation>The merge could not be undone: unknown field %1.</translation>
    </message>
</context>
<context>
    <name>Leadline::CustomerRepository</name>
    <message>
        <source>The customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer no longer exists (it may have been deleted, merged or reassigned).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A rule cannot change the field %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer&apos;s tags</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::CustomerSearch</name>
    <message>
        <source>The customer list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer sources</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::CustomerValidation</name>
    <message>
        <source>&quot;%1&quot; is not a valid e-mail address.</source>
        <translation>&quot;%1&quot; is not a valid e-mail address.</translation>
    </message>
    <message>
        <source></source>
        <translation></translation>
    </message>
    <message>
        <source>Contact %1 has no name.</source>
        <translation>Contact %1 has no name.</translation>
    </message>
    <message>
        <source>%1 is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; is not one of: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be a number, not &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be a date and time, not &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A tag cannot be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tag &quot;%1&quot; is longer than 50 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is longer than %2 characters.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::DemoWorkspace</name>
    <message>
        <source>The workspace schema does not fit the demo: %1</source>
        <translation>The workspace schema does not fit the demo: %1</translation>
    </message>
    <message>
        <source>The demo data could not be written: %1</source>
        <translation>The demo data could not be written: %1</translation>
    </message>
    <message>
        <source>The demo needs at least one customer.</source>
        <translation>The demo needs at least one customer.</translation>
    </message>
    <message>
        <source>The demo takes 1 to 200 agents.</source>
        <translation>The demo takes 1 to 200 agents.</translation>
    </message>
    <message>
        <source>The demo takes 0 to 100 calls per customer.</source>
        <translation>The demo takes 0 to 100 calls per customer.</translation>
    </message>
    <message>
        <source>Workspace %1 already has customers or agents; the demo only fills an empty workspace.</source>
        <translation>Workspace %1 already has customers or agents; the demo only fills an empty workspace.</translation>
    </message>
    <message>
        <source>The demo staff could not be written: %1</source>
        <translation>The demo staff could not be written: %1</translation>
    </message>
</context>
<context>
    <name>Leadline::DncList</name>
    <message>
        <source>A prefix starts with + and the country code, e.g. +86400.</source>
        <translation>A prefix starts with + and the country code, e.g. +86400.</translation>
    </message>
    <message>
        <source>The do-not-call list cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::Exporter</name>
    <message>
        <source>Customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customers cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls</source>
        <translation type="unfinished">Calls</translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished">Customer</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished">Phone</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation type="unfinished">Agent</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The calls cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::FieldCatalogue</name>
    <message>
        <source>Name</source>
        <translation type="unfinished">Name</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation type="unfinished">&amp;Name</translation>
    </message>
    <message>
        <source>Company</source>
        <translation type="unfinished">Company</translation>
    </message>
    <message>
        <source>&amp;Company</source>
        <translation type="unfinished">&amp;Company</translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished">Title</translation>
    </message>
    <message>
        <source>Tit&amp;le</source>
        <translation type="unfinished">Tit&amp;le</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished">E-mail</translation>
    </message>
    <message>
        <source>&amp;E-mail</source>
        <translation type="unfinished">&amp;E-mail</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation type="unfinished">Industry</translation>
    </message>
    <message>
        <source>&amp;Industry</source>
        <translation type="unfinished">&amp;Industry</translation>
    </message>
    <message>
        <source>Region</source>
        <translation type="unfinished">Region</translation>
    </message>
    <message>
        <source>&amp;Region</source>
        <translation type="unfinished">&amp;Region</translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished">Source</translation>
    </message>
    <message>
        <source>So&amp;urce</source>
        <translation type="unfinished">So&amp;urce</translation>
    </message>
    <message>
        <source>Customer type</source>
        <translation type="unfinished">Customer type</translation>
    </message>
    <message>
        <source>Customer t&amp;ype</source>
        <translation type="unfinished">Customer t&amp;ype</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation type="unfinished">Stage</translation>
    </message>
    <message>
        <source>&amp;Stage</source>
        <translation type="unfinished">&amp;Stage</translation>
    </message>
    <message>
        <source>Intent</source>
        <translation type="unfinished">Intent</translation>
    </message>
    <message>
        <source>In&amp;tent</source>
        <translation type="unfinished">In&amp;tent</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation type="unfinished">Owner</translation>
    </message>
    <message>
        <source>&amp;Owner</source>
        <translation type="unfinished">&amp;Owner</translation>
    </message>
    <message>
        <source>Deal amount</source>
        <translation type="unfinished">Deal amount</translation>
    </message>
    <message>
        <source>&amp;Deal amount</source>
        <translation type="unfinished">&amp;Deal amount</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished">Tags</translation>
    </message>
    <message>
        <source>Ta&amp;gs</source>
        <translation type="unfinished">Ta&amp;gs</translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished">Score</translation>
    </message>
    <message>
        <source>Custom fields</source>
        <translation type="unfinished">Custom fields</translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation type="unfinished">Assigned</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation type="unfinished">Last contact</translation>
    </message>
    <message>
        <source>Last changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished">Notes</translation>
    </message>
    <message>
        <source>Contact name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Primary contact</source>
        <translation type="unfinished">Primary contact</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished">Phone</translation>
    </message>
</context>
<context>
    <name>Leadline::ImportDirectWriter</name>
    <message>
        <source>The workspace is not an SQLite database.</source>
        <translation type="unfinished">The workspace is not an SQLite database.</translation>
    </message>
    <message>
        <source>The workspace could not save the change: %1</source>
        <translation type="unfinished">The workspace could not save the change: %1</translation>
    </message>
    <message>
        <source>The workspace could not save the change: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::ImportRowBuilder</name>
    <message>
        <source>%1 is a number Excel shortened; the full phone number is lost (format the column as text and save the file again).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not one of: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no user has the login or name &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the row has no name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a phone number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an e-mail address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the row has neither a phone number nor an e-mail address</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::ImportUndo</name>
    <message>
        <source>There is no import batch %1 in this workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import batch %1 was already undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import batch %1 cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import batch %1 cannot be marked undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import batches cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::Importer</name>
    <message>
        <source>The file has no header row %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No column holds the customer&apos;s name (headers: %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No column holds a phone number or an e-mail address (headers: %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No active user has the login &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The team &quot;%1&quot; has no active members.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import batch cannot be recorded in the workspace: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the row cannot be saved</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::KpiAccess</name>
    <message>
        <source>Nobody is signed in to this workspace, so there are no figures to show. Sign in first.</source>
        <translation>Nobody is signed in to this workspace, so there are no figures to show. Sign in first.</translation>
    </message>
    <message>
        <source>%1 is not in a team you supervise: you may see only your teams&apos; figures.</source>
        <translation>%1 is not in a team you supervise: you may see only your teams&apos; figures.</translation>
    </message>
    <message>
        <source>Agents may see only their own figures, not those of %1.</source>
        <translation>Agents may see only their own figures, not those of %1.</translation>
    </message>
    <message>
        <source>There is no agent &quot;%1&quot;.</source>
        <translation>There is no agent &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>There is no team &quot;%1&quot;.</source>
        <translation>There is no team &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Only the team&apos;s supervisors and admins may see the figures of team &quot;%1&quot;.</source>
        <translation>Only the team&apos;s supervisors and admins may see the figures of team &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>The people</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The teams</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::KpiEngine</name>
    <message>
        <source>Choose a period whose start is not after its end.</source>
        <translation>Choose a period whose start is not after its end.</translation>
    </message>
</context>
<context>
    <name>Leadline::KpiPeriod</name>
    <message>
        <source>The start date &quot;%1&quot; is not a date like 2026-03-01.</source>
        <translation>The start date &quot;%1&quot; is not a date like 2026-03-01.</translation>
    </message>
    <message>
        <source>The end date &quot;%1&quot; is not a date like 2026-03-31.</source>
        <translation>The end date &quot;%1&quot; is not a date like 2026-03-31.</translation>
    </message>
    <message>
        <source>The start date %1 is after the end date %2.</source>
        <translation>The start date %1 is after the end date %2.</translation>
    </message>
</context>
<context>
    <name>Leadline::KpiRollups</name>
    <message>
        <source>The KPI rollups could not be rebuilt: %1</source>
        <translation>The KPI rollups could not be rebuilt: %1</translation>
    </message>
</context>
<context>
    <name>Leadline::LeadKpiQuery</name>
    <message>
        <source>The lead figures could not be read: %1</source>
        <translation>The lead figures could not be read: %1</translation>
    </message>
</context>
<context>
    <name>Leadline::LeadPool</name>
    <message>
        <source>Sign in before claiming leads.</source>
        <translation>Sign in before claiming leads.</translation>
    </message>
    <message>
        <source>Leads you can still claim today: %1 (the daily limit is %2).</source>
        <translation>Leads you can still claim today: %1 (the daily limit is %2).</translation>
    </message>
    <message>
        <source>claimed from the pool</source>
        <translation>claimed from the pool</translation>
    </message>
    <message>
        <source>Choose an active agent to give the leads to.</source>
        <translation>Choose an active agent to give the leads to.</translation>
    </message>
    <message>
        <source>assigned from the pool</source>
        <translation>assigned from the pool</translation>
    </message>
    <message>
        <source>A lead you picked is no longer in the pool; refresh and try again.</source>
        <translation>A lead you picked is no longer in the pool; refresh and try again.</translation>
    </message>
    <message>
        <source>The workspace could not look for leads to return to the pool.</source>
        <translation>The workspace could not look for leads to return to the pool.</translation>
    </message>
    <message>
        <source>returned to the pool: no call within %1 h of assignment</source>
        <translation>returned to the pool: no call within %1 h of assignment</translation>
    </message>
    <message>
        <source>The lead pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The leads that return to the pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The leads claimed today</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::LocalStore</name>
    <message>
        <source>Workspace %1 does not exist.</source>
        <translation>Workspace %1 does not exist.</translation>
    </message>
    <message>
        <source>Workspace %1 is not a file.</source>
        <translation>Workspace %1 is not a file.</translation>
    </message>
    <message>
        <source>Workspace %1 cannot be read (permission denied).</source>
        <translation>Workspace %1 cannot be read (permission denied).</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Cannot create the folder %1.</translation>
    </message>
    <message>
        <source>Workspace %1 is damaged or is not a Leadline workspace (%2).</source>
        <translation>Workspace %1 is damaged or is not a Leadline workspace (%2).</translation>
    </message>
    <message>
        <source>Cannot save workspace setting %1: %2</source>
        <translation>Cannot save workspace setting %1: %2</translation>
    </message>
    <message>
        <source>Workspace %1 is an empty file, not a workspace. Nothing was changed; create a new workspace there only if that is what you want.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a database of another program, not a Leadline workspace. It was left unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace %1 is an empty database, not a workspace. Nothing was changed; create a new workspace there only if that is what you want.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::Migrations</name>
    <message>
        <source>Cannot read the workspace&apos;s schema version.</source>
        <translation>Cannot read the workspace&apos;s schema version.</translation>
    </message>
    <message>
        <source>This workspace was written by a newer Leadline (schema %1; this version supports up to %2). Please update Leadline.</source>
        <translation>This workspace was written by a newer Leadline (schema %1; this version supports up to %2). Please update Leadline.</translation>
    </message>
    <message>
        <source>Schema step %1 is missing from this build.</source>
        <translation>Schema step %1 is missing from this build.</translation>
    </message>
    <message>
        <source>Schema step %1 failed: %2</source>
        <translation>Schema step %1 failed: %2</translation>
    </message>
    <message>
        <source>Cannot record schema step %1: %2</source>
        <translation>Cannot record schema step %1: %2</translation>
    </message>
</context>
<context>
    <name>Leadline::OutboxPusher</name>
    <message>
        <source>The workspace could not record the server&apos;s answer: %1</source>
        <translation>The workspace could not record the server&apos;s answer: %1</translation>
    </message>
</context>
<context>
    <name>Leadline::Permissions</name>
    <message>
        <source>You are not signed in as an active user of this workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only supervisors can assign leads from the pool.</source>
        <translation type="unfinished">Only supervisors can assign leads from the pool.</translation>
    </message>
    <message>
        <source>Only supervisors can reassign tasks.</source>
        <translation type="unfinished">Only supervisors can reassign tasks.</translation>
    </message>
    <message>
        <source>Only the task&apos;s assignee or a supervisor can change this task.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only its author can change this call or note.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only supervisors can change a customer&apos;s owner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only supervisors and admins can merge customers.</source>
        <translation type="unfinished">Only supervisors and admins can merge customers.</translation>
    </message>
    <message>
        <source>Only supervisors and admins can change the knowledge base.</source>
        <translation type="unfinished">Only supervisors and admins can change the knowledge base.</translation>
    </message>
    <message>
        <source>Only supervisors and admins can change the dispositions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone numbers are masked for agents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only admins can change policies and the do-not-call list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only admins can manage users.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You may not do this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only supervisors and admins can read the audit log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only supervisors and admins can change the rules.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only supervisors and admins can import lead lists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only supervisors and admins can export data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This workspace is read-only: its file or folder may not be written.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::PhoneNumbers</name>
    <message>
        <source>unknown country code</source>
        <translation>unknown country code</translation>
    </message>
    <message>
        <source>too short</source>
        <translation>too short</translation>
    </message>
    <message>
        <source>too long</source>
        <translation>too long</translation>
    </message>
    <message>
        <source>not a phone number</source>
        <translation>not a phone number</translation>
    </message>
    <message>
        <source>Phone number is empty.</source>
        <translation>Phone number is empty.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid phone number (%2).</source>
        <translation>&quot;%1&quot; is not a valid phone number (%2).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid phone number.</source>
        <translation>&quot;%1&quot; is not a valid phone number.</translation>
    </message>
</context>
<context>
    <name>Leadline::PresenceWorker</name>
    <message>
        <source>The live floor cannot reach the server.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::QueueQuery</name>
    <message>
        <source>My queue</source>
        <translation type="unfinished">My queue</translation>
    </message>
</context>
<context>
    <name>Leadline::ReadError</name>
    <message>
        <source>%1 could not be read: the workspace file is damaged (%2). Nothing shown here is complete; check or rebuild the workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::ReferenceRepository</name>
    <message>
        <source>The list of agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The list of teams</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dispositions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The policies</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::RefusalReason</name>
    <message>
        <source>This customer is no longer yours: it was reassigned or claimed by someone else.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only supervisors and administrators reassign customers and to-dos.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have reached today&apos;s limit of leads claimed from the pool.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only its author may change or delete this entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the person it is assigned to, or a supervisor, may change or complete this to-do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only administrators may do this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role may not delete this record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role may not change this field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The change refers to a record that does not exist on the server or does not belong with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A value is outside what this field allows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name is already used by another record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your account is disabled: ask your administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new owner is not an active user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The record does not exist on the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only supervisors and administrators merge customers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imports are for supervisors and administrators: the server refused this imported record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exports are for supervisors and administrators: the server refused the export.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::RowApplier</name>
    <message>
        <source>The server sent a %1 row without an id.</source>
        <translation>The server sent a %1 row without an id.</translation>
    </message>
    <message>
        <source>The workspace could not store a change from the server: %1</source>
        <translation>The workspace could not store a change from the server: %1</translation>
    </message>
</context>
<context>
    <name>Leadline::RuleRepository</name>
    <message>
        <source>The rules could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::RuleRunner</name>
    <message>
        <source>The rules could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To-do: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reminder to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 set to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag added: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag removed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nurture list: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage: %1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No agent to assign to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assigned to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No active agent to assign the customer to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped a cascade of rules at depth %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rules&apos; runs could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The changes since the last sweep could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lead scores&apos; next changes could not be stored: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The changes since the last sweep could not be cleared: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rules&apos; sweep was stopped; the next one goes on from here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::Rules</name>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished">%1 (%2)</translation>
    </message>
    <message>
        <source>a number or a duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a customer field, last_call.… or last_todo.…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a field such as &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a function (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the number of arguments %1 takes (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number of days or a duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text or a list of text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text or a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a single value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number, a date or a duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a duration or a date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the end of the rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a known value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an intent level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a customer type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a disposition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a todo kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected %1, but found %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished">(none)</translation>
    </message>
    <message>
        <source>a closing %1 for the text that starts here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the end of the line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a date like 2026-11-27 or 2026-11-27T09:30</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number below 1,000,000,000,000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number or a duration such as 3d, 24h, 30m or 2w</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;not&quot; or &quot;!=&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;and&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;or&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most %1 bytes of text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;and&quot;, &quot;or&quot; or the end of the rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most %1 parts in one condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>part %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most %1 levels of brackets, lists, calls and &quot;not&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>level %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;,&quot; or &quot;]&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;,&quot; or &quot;)&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a field name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a true/false condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a date and time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a list of text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a list of numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an empty list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Industry fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision maker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Intent</source>
        <translation type="unfinished">Intent</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation type="unfinished">Stage</translation>
    </message>
    <message>
        <source>Connected calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capped at the maximum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1%2 %3: %4</source>
        <translation type="unfinished">%1: %4 {1%2 %3:?}</translation>
    </message>
    <message>
        <source>a duration of at most 10,000 years</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown merge field {%1}; use a customer field such as {name} or {company}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A rule needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trigger watches an unknown field &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trigger waits for an unknown stage &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trigger waits for an unknown disposition &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A rule needs at least one action.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The todo needs a title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A todo is a callback, a task or a meeting, not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The due offset &quot;%1&quot; is not a duration such as 1h or 2d.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The priority is 1 (high), 2 (normal) or 3 (low).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A rule cannot set the field &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The action needs a tag.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown stage &quot;%1&quot;.</source>
        <translation type="unfinished">Unknown stage &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Assigning to an agent needs the agent&apos;s login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Round-robin assignment needs a team.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign to an agent, round-robin in a team, the least-loaded agent or the pool, not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notify the owner, the supervisor or both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The notification needs a message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The action needs the nurture list&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::ScoreWeights</name>
    <message>
        <source>The score weights are not readable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every weight needs a value to match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is given %2 points; points are within ±100.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call and contact points are within ±100 (the cap within 0 to 1,000).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The half-life is 0 to 3,650 days (0: no decay).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The thresholds must be 0 ≤ warm ≤ hot ≤ maximum ≤ 1,000.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The score weights could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::ScriptRenderer</name>
    <message>
        <source>⟦unknown: %1⟧</source>
        <translation>⟦unknown: %1⟧</translation>
    </message>
    <message>
        <source>⟦missing: %1⟧</source>
        <translation>⟦missing: %1⟧</translation>
    </message>
</context>
<context>
    <name>Leadline::SearchIndex</name>
    <message>
        <source>The customer search index could not be rebuilt: %1</source>
        <translation>The customer search index could not be rebuilt: %1</translation>
    </message>
</context>
<context>
    <name>Leadline::SearchTokens</name>
    <message>
        <source>The workspace is not an SQLite database.</source>
        <translation>The workspace is not an SQLite database.</translation>
    </message>
    <message>
        <source>Cannot prepare customer search: %1</source>
        <translation>Cannot prepare customer search: %1</translation>
    </message>
</context>
<context>
    <name>Leadline::ServerConnection</name>
    <message>
        <source>The PostgreSQL driver for Qt (QPSQL) is not installed.</source>
        <translation>The PostgreSQL driver for Qt (QPSQL) is not installed.</translation>
    </message>
    <message>
        <source>Cannot connect to the server %1: %2</source>
        <translation>Cannot connect to the server %1: %2</translation>
    </message>
    <message>
        <source>Your account is disabled: ask your administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server %1 refused the sign-in as %2: wrong login or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server %1 does not accept %2 from this computer: ask your administrator (%3).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::ServerExportClearance</name>
    <message>
        <source>The server refused the export: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::ServerGateway</name>
    <message>
        <source>The server answered %1 of %2 changes.</source>
        <translation>The server answered %1 of %2 changes.</translation>
    </message>
    <message>
        <source>The server sent an answer this client cannot read.</source>
        <translation>The server sent an answer this client cannot read.</translation>
    </message>
    <message>
        <source>The server sent an answer this client cannot read: %1</source>
        <translation>The server sent an answer this client cannot read: %1</translation>
    </message>
    <message>
        <source>The server connection is not a PostgreSQL connection.</source>
        <translation>The server connection is not a PostgreSQL connection.</translation>
    </message>
    <message>
        <source>The server could not send its data: %1</source>
        <translation>The server could not send its data: %1</translation>
    </message>
    <message>
        <source>The server sent a %1 row this client cannot read.</source>
        <translation>The server sent a %1 row this client cannot read.</translation>
    </message>
    <message>
        <source>Your account is disabled: ask your administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This login is not a Leadline user on this server: ask your administrator.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::ServerMaintenance</name>
    <message>
        <source>The offline window must be at least one day.</source>
        <translation>The offline window must be at least one day.</translation>
    </message>
</context>
<context>
    <name>Leadline::ServerSchema</name>
    <message>
        <source>Server schema step %1 is missing from this build.</source>
        <translation>Server schema step %1 is missing from this build.</translation>
    </message>
    <message>
        <source>Cannot start the server schema upgrade.</source>
        <translation>Cannot start the server schema upgrade.</translation>
    </message>
    <message>
        <source>Server schema step %1 failed: %2</source>
        <translation>Server schema step %1 failed: %2</translation>
    </message>
    <message>
        <source>Cannot record server schema step %1.</source>
        <translation>Cannot record server schema step %1.</translation>
    </message>
    <message>
        <source>The server schema is %1, newer than this Leadline supports (%2): please update Leadline.</source>
        <translation>The server schema is %1, newer than this Leadline supports (%2): please update Leadline.</translation>
    </message>
</context>
<context>
    <name>Leadline::ServerUrl</name>
    <message>
        <source>The server address must start with postgresql:// (for example postgresql://user@host:5432/leadline).</source>
        <translation>The server address must start with postgresql:// (for example postgresql://user@host:5432/leadline).</translation>
    </message>
    <message>
        <source>The server address names no database (…/dbname).</source>
        <translation>The server address names no database (…/dbname).</translation>
    </message>
    <message>
        <source>Unknown sslmode &quot;%1&quot; (use one of: %2).</source>
        <translation>Unknown sslmode &quot;%1&quot; (use one of: %2).</translation>
    </message>
    <message>
        <source>The server address is not a valid URL: check the host and port, and percent-encode special characters in the user name and password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::ServerUsers</name>
    <message>
        <source>Cannot add the user: %1</source>
        <translation>Cannot add the user: %1</translation>
    </message>
    <message>
        <source>A login is 2 to 63 characters: lower-case letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;, starting with a letter.</source>
        <translation>A login is 2 to 63 characters: lower-case letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;, starting with a letter.</translation>
    </message>
    <message>
        <source>The login %1 is reserved.</source>
        <translation>The login %1 is reserved.</translation>
    </message>
    <message>
        <source>The password needs at least 8 characters.</source>
        <translation>The password needs at least 8 characters.</translation>
    </message>
    <message>
        <source>The role must be agent, supervisor or admin.</source>
        <translation>The role must be agent, supervisor or admin.</translation>
    </message>
    <message>
        <source>The user needs a name.</source>
        <translation>The user needs a name.</translation>
    </message>
</context>
<context>
    <name>Leadline::SimulatedDialer</name>
    <message>
        <source>A call is already in progress.</source>
        <translation>A call is already in progress.</translation>
    </message>
    <message>
        <source>There is no number to dial.</source>
        <translation>There is no number to dial.</translation>
    </message>
</context>
<context>
    <name>Leadline::SnapshotLoader</name>
    <message>
        <source>The workspace could not store the server&apos;s data: %1</source>
        <translation>The workspace could not store the server&apos;s data: %1</translation>
    </message>
    <message>
        <source>The first sync was stopped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::TableReader</name>
    <message>
        <source>%1 cannot be opened: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::TableWriter</name>
    <message>
        <source>%1 cannot be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row %1 cannot be written to %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::TextRowWriter</name>
    <message>
        <source>The workspace could not store %1 rows: %2</source>
        <translation>The workspace could not store %1 rows: %2</translation>
    </message>
    <message>
        <source>The workspace is not an SQLite database.</source>
        <translation>The workspace is not an SQLite database.</translation>
    </message>
</context>
<context>
    <name>Leadline::TimelineQuery</name>
    <message>
        <source>The timeline</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::TodoService</name>
    <message>
        <source>Pick a time in the future.</source>
        <translation>Pick a time in the future.</translation>
    </message>
    <message>
        <source>Choose an active agent to give the tasks to.</source>
        <translation>Choose an active agent to give the tasks to.</translation>
    </message>
    <message>
        <source>The task needs a title.</source>
        <translation type="unfinished">The task needs a title.</translation>
    </message>
    <message>
        <source>The task needs a due time.</source>
        <translation type="unfinished">The task needs a due time.</translation>
    </message>
    <message>
        <source>The tasks could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::Transaction</name>
    <message>
        <source>Cannot start a write to the workspace: %1</source>
        <translation>Cannot start a write to the workspace: %1</translation>
    </message>
    <message>
        <source>The write was already finished.</source>
        <translation>The write was already finished.</translation>
    </message>
    <message>
        <source>The workspace could not save the change: %1</source>
        <translation>The workspace could not save the change: %1</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::AgentDrillDownDialog</name>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished">Customer</translation>
    </message>
    <message>
        <source>Talk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage</source>
        <translation type="unfinished">Stage</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation type="unfinished">Calls</translation>
    </message>
    <message>
        <source>Connects</source>
        <translation type="unfinished">Connects</translation>
    </message>
    <message>
        <source>Last call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: calls and customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 – %2: %3 calls to %4 customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The latest %1 calls are listed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export table…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This window cannot export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the table</source>
        <translation type="unfinished">Export the table</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
        <translation type="unfinished">Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::ArticleEditorDialog</name>
    <message>
        <source>New article</source>
        <translation>New article</translation>
    </message>
    <message>
        <source>Edit article</source>
        <translation>Edit article</translation>
    </message>
    <message>
        <source>Comma separated</source>
        <translation>Comma separated</translation>
    </message>
    <message>
        <source>Merge fields: %1</source>
        <translation>Merge fields: %1</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Title:</translation>
    </message>
    <message>
        <source>&amp;Category:</source>
        <translation>&amp;Category:</translation>
    </message>
    <message>
        <source>T&amp;ags:</source>
        <translation>T&amp;ags:</translation>
    </message>
    <message>
        <source>&amp;Stages:</source>
        <translation>&amp;Stages:</translation>
    </message>
    <message>
        <source>&amp;Industries:</source>
        <translation>&amp;Industries:</translation>
    </message>
    <message>
        <source>Customer t&amp;ypes:</source>
        <translation>Customer t&amp;ypes:</translation>
    </message>
    <message>
        <source>Text (Markdown):</source>
        <translation>Text (Markdown):</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::AuditModel</name>
    <message>
        <source>Signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reassign</source>
        <translation type="unfinished">Reassign</translation>
    </message>
    <message>
        <source>Claim from the pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return to the pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do-not-call list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished">(none)</translation>
    </message>
    <message>
        <source>%1 (not yet on the server)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished">When</translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the lead pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 as %2, %n row(s)</source>
        <translation>
            <numerusform>%1 as %2, %n row</numerusform>
            <numerusform>%1 as %2, %n rows</numerusform>
        </translation>
    </message>
    <message>
        <source>as %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 merged into %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 removed from the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 added to the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>changed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished">%1: %2</translation>
    </message>
    <message>
        <source>; </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>do-not-call list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>team figures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>team chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 as %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2, %3 to %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an agent&apos;s calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an agent&apos;s customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the live floor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>import batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 new, %2 updated, %3 skipped, %4 failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::AuditView</name>
    <message>
        <source>Everyone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The newest %n entries; narrow the filter to see older ones.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>W&amp;ho:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ac&amp;tion:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::ChartAdapter</name>
    <message>
        <source>Dials</source>
        <translation>Dials</translation>
    </message>
    <message>
        <source>Connects</source>
        <translation>Connects</translation>
    </message>
    <message>
        <source>Connect rate (%)</source>
        <translation>Connect rate (%)</translation>
    </message>
    <message>
        <source>Effective talk (min)</source>
        <translation>Effective talk (min)</translation>
    </message>
    <message>
        <source>Conversion by source</source>
        <translation>Conversion by source</translation>
    </message>
    <message>
        <source>Leads created</source>
        <translation>Leads created</translation>
    </message>
    <message>
        <source>(no source)</source>
        <translation>(no source)</translation>
    </message>
    <message>
        <source>%1: %2 created, %3 won, conversion %4</source>
        <translation>%1: %2 created, %3 won, conversion %4</translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1, %2: %3</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>Won</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::ConflictsModel</name>
    <message>
        <source>Field</source>
        <translation type="unfinished">Field</translation>
    </message>
    <message>
        <source>Your value (replaced)</source>
        <translation type="unfinished">Your value (replaced)</translation>
    </message>
    <message>
        <source>Their value</source>
        <translation type="unfinished">Their value</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation type="unfinished">Changed by</translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished">When</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::ConflictsView</name>
    <message>
        <source>Sync conflicts</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <source>You and a colleague changed the same field at the same time. Their change reached the server last and replaced yours. Keep theirs, or put yours back.</source>
        <translation>You and a colleague changed the same field at the same time. Their change reached the server last and replaced yours. Keep theirs, or put yours back.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Changes the server refused. They were set aside and the record shows the server&apos;s version again:</source>
        <translation>Changes the server refused. They were set aside and the record shows the server&apos;s version again:</translation>
    </message>
    <message>
        <source>Record type</source>
        <translation>Record type</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>Keep mine</translation>
    </message>
    <message>
        <source>Keep theirs</source>
        <translation>Keep theirs</translation>
    </message>
    <message>
        <source>Primary contact</source>
        <translation>Primary contact</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::CredentialStore</name>
    <message>
        <source>The password could not be read from the keychain: %1</source>
        <translation>The password could not be read from the keychain: %1</translation>
    </message>
    <message>
        <source>The password could not be saved in the keychain: %1</source>
        <translation>The password could not be saved in the keychain: %1</translation>
    </message>
    <message>
        <source>The password could not be removed from the keychain: %1</source>
        <translation>The password could not be removed from the keychain: %1</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::CustomerEditor</name>
    <message>
        <source>New customer</source>
        <translation>New customer</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>Edit %1</translation>
    </message>
    <message>
        <source>Separate tags with commas</source>
        <translation>Separate tags with commas</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phones (separate with ;)</source>
        <translation>Phones (separate with ;)</translation>
    </message>
    <message>
        <source>Custom field</source>
        <translation>Custom field</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Add contact</source>
        <translation>Add contact</translation>
    </message>
    <message>
        <source>Remove contact</source>
        <translation>Remove contact</translation>
    </message>
    <message>
        <source>Add field</source>
        <translation>Add field</translation>
    </message>
    <message>
        <source>Remove field</source>
        <translation>Remove field</translation>
    </message>
    <message>
        <source>Possible duplicates</source>
        <translation>Possible duplicates</translation>
    </message>
    <message>
        <source>Merge into this customer</source>
        <translation>Merge into this customer</translation>
    </message>
    <message>
        <source>Undo merge</source>
        <translation>Undo merge</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Lead pool</source>
        <translation>Lead pool</translation>
    </message>
    <message>
        <source>same phone %1</source>
        <translation>same phone %1</translation>
    </message>
    <message>
        <source>same e-mail %1</source>
        <translation>same e-mail %1</translation>
    </message>
    <message>
        <source>No duplicates found</source>
        <translation>No duplicates found</translation>
    </message>
    <message numerus="yes">
        <source>Possible duplicates: %n</source>
        <translation>
            <numerusform>Possible duplicates: %n</numerusform>
            <numerusform>Possible duplicates: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::CustomerListModel</name>
    <message>
        <source>Pool</source>
        <translation>Pool</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Company</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>Intent</source>
        <translation>Intent</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>Last contact</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::CustomerListView</name>
    <message>
        <source>Search name, company, phone, e-mail, tag (Ctrl+F)</source>
        <translation>Search name, company, phone, e-mail, tag (Ctrl+F)</translation>
    </message>
    <message>
        <source>Customer search</source>
        <translation>Customer search</translation>
    </message>
    <message>
        <source>Customer list</source>
        <translation>Customer list</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>All customers</translation>
    </message>
    <message>
        <source>My customers</source>
        <translation>My customers</translation>
    </message>
    <message>
        <source>Lead pool</source>
        <translation>Lead pool</translation>
    </message>
    <message>
        <source>Owner filter</source>
        <translation>Owner filter</translation>
    </message>
    <message>
        <source>All stages</source>
        <translation>All stages</translation>
    </message>
    <message>
        <source>Stage filter</source>
        <translation>Stage filter</translation>
    </message>
    <message>
        <source>Any intent</source>
        <translation>Any intent</translation>
    </message>
    <message>
        <source>Intent %1</source>
        <translation>Intent %1</translation>
    </message>
    <message>
        <source>Intent filter</source>
        <translation>Intent filter</translation>
    </message>
    <message>
        <source>Any score</source>
        <translation>Any score</translation>
    </message>
    <message>
        <source>Hot (80+)</source>
        <translation>Hot (80+)</translation>
    </message>
    <message>
        <source>Warm (50-79)</source>
        <translation>Warm (50-79)</translation>
    </message>
    <message>
        <source>Cold (&lt;50)</source>
        <translation>Cold (&lt;50)</translation>
    </message>
    <message>
        <source>Score filter</source>
        <translation>Score filter</translation>
    </message>
    <message>
        <source>Any last contact</source>
        <translation>Any last contact</translation>
    </message>
    <message>
        <source>Contacted in 7 days</source>
        <translation>Contacted in 7 days</translation>
    </message>
    <message>
        <source>Contacted in 30 days</source>
        <translation>Contacted in 30 days</translation>
    </message>
    <message>
        <source>Not contacted for 7 days</source>
        <translation>Not contacted for 7 days</translation>
    </message>
    <message>
        <source>Not contacted for 30 days</source>
        <translation>Not contacted for 30 days</translation>
    </message>
    <message>
        <source>Last contact filter</source>
        <translation>Last contact filter</translation>
    </message>
    <message>
        <source>Source filter</source>
        <translation>Source filter</translation>
    </message>
    <message>
        <source>Tag filter</source>
        <translation>Tag filter</translation>
    </message>
    <message>
        <source>Any source</source>
        <translation>Any source</translation>
    </message>
    <message>
        <source>Any tag</source>
        <translation>Any tag</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>More than %1 customers</source>
        <translation>More than %1 customers</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s)</source>
        <translation>
            <numerusform>%n customer</numerusform>
            <numerusform>%n customers</numerusform>
        </translation>
    </message>
    <message>
        <source>Customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(search index being built: names, companies, e-mail and phone digits only)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::CustomerPanel</name>
    <message>
        <source>Timeline</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>Add a note and press Enter</source>
        <translation>Add a note and press Enter</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>New note</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Add note</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>Edit this customer (Ctrl+E)</source>
        <translation>Edit this customer (Ctrl+E)</translation>
    </message>
    <message>
        <source>Customer timeline</source>
        <translation>Customer timeline</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Everything</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Calls</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>Stage changes</source>
        <translation>Stage changes</translation>
    </message>
    <message>
        <source>Owner changes</source>
        <translation>Owner changes</translation>
    </message>
    <message>
        <source>Merges</source>
        <translation>Merges</translation>
    </message>
    <message>
        <source>Timeline filter</source>
        <translation>Timeline filter</translation>
    </message>
    <message>
        <source>No customer selected</source>
        <translation>No customer selected</translation>
    </message>
    <message>
        <source>%1 · %2 · Intent %3 · Score %4 · Owner %5</source>
        <translation>%1 · %2 · Intent %3 · Score %4 · Owner %5</translation>
    </message>
    <message>
        <source>Lead pool</source>
        <translation>Lead pool</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>Industry</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Customer type</source>
        <translation>Customer type</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>Last contact</translation>
    </message>
    <message>
        <source>Score reasons</source>
        <translation>Score reasons</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <source>Note not saved</source>
        <translation>Note not saved</translation>
    </message>
    <message>
        <source>(unreadable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Industry match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision maker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Intent</source>
        <translation type="unfinished">Intent</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation type="unfinished">Stage</translation>
    </message>
    <message>
        <source>Calls connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished">%1: %2</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::DateRangePicker</name>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>This week</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Custom</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>First day</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Last day</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::DialPanel</name>
    <message>
        <source>Dial</source>
        <translation>Dial</translation>
    </message>
    <message>
        <source>Dial (F5)</source>
        <translation>Dial (F5)</translation>
    </message>
    <message>
        <source>Hang up (Esc)</source>
        <translation>Hang up (Esc)</translation>
    </message>
    <message>
        <source>Log a call made &amp;outside…</source>
        <translation>Log a call made &amp;outside…</translation>
    </message>
    <message>
        <source>Dialer settings…</source>
        <translation>Dialer settings…</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Note:</translation>
    </message>
    <message>
        <source>What was said, what was agreed</source>
        <translation>What was said, what was agreed</translation>
    </message>
    <message>
        <source>Tomorrow 9:00 (Alt+T)</source>
        <translation>Tomorrow 9:00 (Alt+T)</translation>
    </message>
    <message>
        <source>Next week (Alt+W)</source>
        <translation>Next week (Alt+W)</translation>
    </message>
    <message>
        <source>Call made outside Leadline: started at / seconds</source>
        <translation>Call made outside Leadline: started at / seconds</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>Save and next (Ctrl+Enter)</source>
        <translation>Save and next (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Reason (break, training, meeting…)</source>
        <translation>Reason (break, training, meeting…)</translation>
    </message>
    <message>
        <source>No customer open</source>
        <translation>No customer open</translation>
    </message>
    <message>
        <source>Save the last call before dialing again.</source>
        <translation>Save the last call before dialing again.</translation>
    </message>
    <message>
        <source>Open a customer to dial.</source>
        <translation>Open a customer to dial.</translation>
    </message>
    <message>
        <source>Not dialed: %1</source>
        <translation>Not dialed: %1</translation>
    </message>
    <message>
        <source>Finish the current call first.</source>
        <translation>Finish the current call first.</translation>
    </message>
    <message>
        <source>Open the customer you called first.</source>
        <translation>Open the customer you called first.</translation>
    </message>
    <message>
        <source>Enter when the call started and how long it lasted, then the outcome.</source>
        <translation>Enter when the call started and how long it lasted, then the outcome.</translation>
    </message>
    <message>
        <source>Hang up before saving the call.</source>
        <translation>Hang up before saving the call.</translation>
    </message>
    <message>
        <source>Nothing to save: dial first, or log a call made outside.</source>
        <translation>Nothing to save: dial first, or log a call made outside.</translation>
    </message>
    <message>
        <source>Call saved.</source>
        <translation>Call saved.</translation>
    </message>
    <message>
        <source>Call ended. Pick the outcome (1–9), add a note and save.</source>
        <translation>Call ended. Pick the outcome (1–9), add a note and save.</translation>
    </message>
    <message>
        <source>%1 (%2). Pick the outcome (1–9) and save.</source>
        <translation>%1 (%2). Pick the outcome (1–9) and save.</translation>
    </message>
    <message>
        <source>Logging a call made outside Leadline</source>
        <translation>Logging a call made outside Leadline</translation>
    </message>
    <message>
        <source>Wrap-up is over its time limit.</source>
        <translation>Wrap-up is over its time limit.</translation>
    </message>
    <message>
        <source>Leadline was closed during the call to %1 at %2. Pick the outcome (1–9), check the note and save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A call is on the line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The call to %1 is still going on. Hang up and quit?

The call and your note are kept: Leadline asks for its outcome when it starts again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved call, waiting for its outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+1 h (Alt+1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow &amp;up at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>M&amp;y state:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the line was lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>number not in service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not reachable now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>call cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>declined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>incomplete number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the phone service is unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the network refused the call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, SIP %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No call waits for an outcome: dial first (F5), or log a call made outside.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No outcome has the key %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No call to follow up: dial first (F5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dial the number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Hang up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hang up (during a call)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow up in an hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow up tomorrow morning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow up next week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save and next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the call, stay on the customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call a closed customer?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is already at the stage &quot;%2&quot;. Call anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A call is already on the line: hang up first (Ctrl+H).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not dialed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No call on the line to hang up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason for not ready</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::DialerSettingsDialog</name>
    <message>
        <source>Dialer settings</source>
        <translation>Dialer settings</translation>
    </message>
    <message>
        <source>Simulated (training and demos)</source>
        <translation>Simulated (training and demos)</translation>
    </message>
    <message>
        <source>Desktop softphone (tel:/sip: links)</source>
        <translation>Desktop softphone (tel:/sip: links)</translation>
    </message>
    <message>
        <source>baresip (control port)</source>
        <translation>baresip (control port)</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>&amp;Dialer:</source>
        <translation>&amp;Dialer:</translation>
    </message>
    <message>
        <source>baresip &amp;control port:</source>
        <translation>baresip &amp;control port:</translation>
    </message>
    <message>
        <source>baresip dial &amp;target:</source>
        <translation>baresip dial &amp;target:</translation>
    </message>
    <message>
        <source>&amp;Link type:</source>
        <translation>&amp;Link type:</translation>
    </message>
    <message>
        <source>&amp;Ring timeout:</source>
        <translation>&amp;Ring timeout:</translation>
    </message>
    <message>
        <source>&amp;Wrap-up limit:</source>
        <translation>&amp;Wrap-up limit:</translation>
    </message>
    <message>
        <source>Changes apply the next time Leadline starts.</source>
        <translation>Changes apply the next time Leadline starts.</translation>
    </message>
    <message>
        <source>Write the control port as host:port, e.g. 127.0.0.1:4444.</source>
        <translation>Write the control port as host:port, e.g. 127.0.0.1:4444.</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::DurationText</name>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::ExportDialog</name>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The &amp;customers as the list shows them (search, filters, sort, columns)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The c&amp;alls of those customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The calls of the &amp;open customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The calls of the &amp;open customer (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (UTF-8, opens in Excel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F&amp;ile:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The list shows no customers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n row(s) to %1.</source>
        <translation>
            <numerusform>Wrote %n row to %1.</numerusform>
            <numerusform>Wrote %n rows to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::FunnelWidget</name>
    <message>
        <source>%1: %2 customers entered</source>
        <translation>%1: %2 customers entered</translation>
    </message>
    <message>
        <source>%1 went on to %2 = %3</source>
        <translation>%1 went on to %2 = %3</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::ImportHistoryDialog</name>
    <message>
        <source>Import history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished">Failed</translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No lead list was imported into this workspace yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Undoing this import removes %n customer(s) it created</source>
        <translation>
            <numerusform>Undoing this import removes %n customer it created</numerusform>
            <numerusform>Undoing this import removes %n customers it created</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and restores %n customer(s) it updated to their fields before the import.</source>
        <translation>
            <numerusform>and restores %n customer it updated to its fields before the import.</numerusform>
            <numerusform>and restores %n customers it updated to their fields before the import.</numerusform>
        </translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) were edited since the import and are left as they are:</source>
        <translation>
            <numerusform>%n record was edited since the import and is left as it is:</numerusform>
            <numerusform>%n records were edited since the import and are left as they are:</numerusform>
        </translation>
    </message>
    <message>
        <source>Select an import first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed %1 customers, restored %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) edited since were left as they are.</source>
        <translation>
            <numerusform>%n record edited since was left as it is.</numerusform>
            <numerusform>%n records edited since were left as they are.</numerusform>
        </translation>
    </message>
    <message>
        <source>Undo import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keep it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::ImportWizard</name>
    <message>
        <source>Import leads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lead lists (*.xlsx *.csv *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A lead list saved by Excel or WPS: XLSX, or CSV in any encoding.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sheet:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Encoding:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Header row:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first rows as they are in the file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which field each column fills. Guessed from the headers; the choice is remembered for lists with the same headers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished">Field</translation>
    </message>
    <message>
        <source>Tab to a column&apos;s field and choose with the arrow keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first rows as they will be stored:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A dry run: nothing is written yet. Select a count to see its rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A row matching an existing customer by phone or e-mail:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Update the existing customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a new customer anyway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rows behind the selected count:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner and tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who gets the new customers, and the tag that marks this import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New customers go to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The owner named in the file (else the &amp;pool)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One o&amp;wner:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A &amp;team, in turn:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lead p&amp;ool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch t&amp;ag:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rows are written in batches; a cancelled import keeps the batches written, which Import history can undo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save failed rows…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (detected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has no row %1 to take the headers from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(leave out)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pool</source>
        <translation type="unfinished">Pool</translation>
    </message>
    <message>
        <source>Checking every row…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Will update an existing customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate of an earlier row in the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate of an existing customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid (will fail)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) checked.</source>
        <translation>
            <numerusform>%n row checked.</numerusform>
            <numerusform>%n rows checked.</numerusform>
        </translation>
    </message>
    <message>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1, updated %2, skipped %3, failed %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled. The batches written before are kept and can be undone in Import history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling after the current batch…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save failed rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed rows.csv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed rows saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::KnowledgeBaseView</name>
    <message>
        <source>Knowledge base</source>
        <translation>Knowledge base</translation>
    </message>
    <message>
        <source>Search scripts and FAQ (title, text, tags)…</source>
        <translation>Search scripts and FAQ (title, text, tags)…</translation>
    </message>
    <message>
        <source>Search the knowledge base</source>
        <translation>Search the knowledge base</translation>
    </message>
    <message>
        <source>Articles found</source>
        <translation>Articles found</translation>
    </message>
    <message>
        <source>Suggested for %1:</source>
        <translation>Suggested for %1:</translation>
    </message>
    <message>
        <source>Suggested scripts:</source>
        <translation>Suggested scripts:</translation>
    </message>
    <message>
        <source>Suggested scripts</source>
        <translation>Suggested scripts</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>Article</translation>
    </message>
    <message>
        <source>&amp;Copy script</source>
        <translation>&amp;Copy script</translation>
    </message>
    <message>
        <source>Copy the script with the customer&apos;s details filled in (%1)</source>
        <translation>Copy the script with the customer&apos;s details filled in (%1)</translation>
    </message>
    <message>
        <source>Copy rendered script</source>
        <translation>Copy rendered script</translation>
    </message>
    <message>
        <source>&amp;New article…</source>
        <translation>&amp;New article…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <source>&amp;Retire</source>
        <translation>&amp;Retire</translation>
    </message>
    <message>
        <source>Type to search; the first match opens here.</source>
        <translation>Type to search; the first match opens here.</translation>
    </message>
    <message>
        <source>Tags: %1</source>
        <translation>Tags: %1</translation>
    </message>
    <message>
        <source>%1, updated %2</source>
        <translation>%1, updated %2</translation>
    </message>
    <message>
        <source>Retire article</source>
        <translation>Retire article</translation>
    </message>
    <message>
        <source>Retire &quot;%1&quot;? Agents will no longer find it; it stays in the workspace&apos;s history.</source>
        <translation>Retire &quot;%1&quot;? Agents will no longer find it; it stays in the workspace&apos;s history.</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::LiveFloorModel</name>
    <message>
        <source>Ready</source>
        <translation type="unfinished">Ready</translation>
    </message>
    <message>
        <source>Not ready</source>
        <translation type="unfinished">Not ready</translation>
    </message>
    <message>
        <source>On call</source>
        <translation type="unfinished">On call</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation type="unfinished">Wrap-up</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished">Offline</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>customer name · masked number</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not ready: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (long)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (too long)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In this state since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent</source>
        <translation type="unfinished">Agent</translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time in state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connects</source>
        <translation type="unfinished">Connects</translation>
    </message>
    <message>
        <source>Talk time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished">Customer</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::LiveFloorView</name>
    <message>
        <source>The live floor cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The live floor shows the agents&apos; states once you are signed in to the shared server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live floor</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::LoginDialog</name>
    <message>
        <source>Enter your login.</source>
        <translation>Enter your login.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Enter your password.</translation>
    </message>
    <message>
        <source>Sign in to the server</source>
        <translation>Sign in to the server</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Login:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>Remember the password in the system keychain</source>
        <translation>Remember the password in the system keychain</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Go</translation>
    </message>
    <message>
        <source>&amp;Find customer</source>
        <translation>&amp;Find customer</translation>
    </message>
    <message>
        <source>&amp;Next customer</source>
        <translation>&amp;Next customer</translation>
    </message>
    <message>
        <source>&amp;Previous customer</source>
        <translation>&amp;Previous customer</translation>
    </message>
    <message>
        <source>Write a &amp;note</source>
        <translation>Write a &amp;note</translation>
    </message>
    <message>
        <source>&amp;Edit customer</source>
        <translation>&amp;Edit customer</translation>
    </message>
    <message>
        <source>New &amp;customer</source>
        <translation>New &amp;customer</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>&amp;About Leadline</source>
        <translation>&amp;About Leadline</translation>
    </message>
    <message>
        <source>Working offline: no server configured</source>
        <translation>Working offline: no server configured</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>About Leadline</source>
        <translation>About Leadline</translation>
    </message>
    <message>
        <source>Leadline %1: the telesales workstation that keeps working offline.</source>
        <translation>Leadline %1: the telesales workstation that keeps working offline.</translation>
    </message>
    <message>
        <source>agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not an active user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leadline — %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;witch profile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colours of the &amp;system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Light colours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dark colours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ca&amp;ll</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everywhere in the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leadline workspaces (*.leadline);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leadline could not be started again on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import leads…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import &amp;history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::OfflineBanner</name>
    <message>
        <source>Sync is stopped: %1. Your work is saved on this computer.</source>
        <translation>Sync is stopped: %1. Your work is saved on this computer.</translation>
    </message>
    <message numerus="yes">
        <source>Working offline: the server cannot be reached. Keep working; %n change(s) will be sent when the connection returns.</source>
        <translation>
            <numerusform>Working offline: the server cannot be reached. Keep working; %n change will be sent when the connection returns.</numerusform>
            <numerusform>Working offline: the server cannot be reached. Keep working; %n changes will be sent when the connection returns.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::PoolModel</name>
    <message>
        <source>Lead</source>
        <translation type="unfinished">Lead</translation>
    </message>
    <message>
        <source>Company</source>
        <translation type="unfinished">Company</translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished">Source</translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished">Score</translation>
    </message>
    <message>
        <source>Age</source>
        <translation type="unfinished">Age</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished">Phone</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::PoolView</name>
    <message>
        <source>Lead pool</source>
        <translation>Lead pool</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>Lead</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>Assigned</translation>
    </message>
    <message>
        <source>Returns in</source>
        <translation>Returns in</translation>
    </message>
    <message>
        <source>Leads waiting for a first call</source>
        <translation>Leads waiting for a first call</translation>
    </message>
    <message>
        <source>&amp;Claim</source>
        <translation>&amp;Claim</translation>
    </message>
    <message>
        <source>&amp;Assign…</source>
        <translation>&amp;Assign…</translation>
    </message>
    <message>
        <source>&amp;Open lead</source>
        <translation>&amp;Open lead</translation>
    </message>
    <message>
        <source>Refresh pool</source>
        <translation>Refresh pool</translation>
    </message>
    <message>
        <source>%1 leads in the pool · you claimed %2 of %3 today</source>
        <translation>%1 leads in the pool · you claimed %2 of %3 today</translation>
    </message>
    <message>
        <source>Not yet called: these leads go back to the pool %1 h after assignment unless called</source>
        <translation>Not yet called: these leads go back to the pool %1 h after assignment unless called</translation>
    </message>
    <message>
        <source>Assign leads</source>
        <translation>Assign leads</translation>
    </message>
    <message>
        <source>Give the selected leads (%1) to:</source>
        <translation>Give the selected leads (%1) to:</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::QueueModel</name>
    <message>
        <source>Overdue</source>
        <translation type="unfinished">Overdue</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation type="unfinished">Due today</translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation type="unfinished">Upcoming</translation>
    </message>
    <message>
        <source>%1 (%2, the first %3 shown)</source>
        <translation type="unfinished">%1 (%2, the first %3 shown)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished">%1 (%2)</translation>
    </message>
    <message>
        <source>%1 late</source>
        <translation type="unfinished">%1 late</translation>
    </message>
    <message>
        <source>High</source>
        <translation type="unfinished">High</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation type="unfinished">Normal</translation>
    </message>
    <message>
        <source>Low</source>
        <translation type="unfinished">Low</translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished">When</translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished">Task</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished">Customer</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished">Priority</translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished">Score</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::QueueView</name>
    <message>
        <source>My queue</source>
        <translation>My queue</translation>
    </message>
    <message>
        <source>Open customer</source>
        <translation>Open customer</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Dismiss</translation>
    </message>
    <message>
        <source>Next task in queue</source>
        <translation>Next task in queue</translation>
    </message>
    <message>
        <source>Previous task in queue</source>
        <translation>Previous task in queue</translation>
    </message>
    <message>
        <source>&amp;Complete</source>
        <translation>&amp;Complete</translation>
    </message>
    <message>
        <source>&amp;Snooze</source>
        <translation>&amp;Snooze</translation>
    </message>
    <message>
        <source>&amp;1 In 15 minutes</source>
        <translation>&amp;1 In 15 minutes</translation>
    </message>
    <message>
        <source>&amp;2 In 1 hour</source>
        <translation>&amp;2 In 1 hour</translation>
    </message>
    <message>
        <source>&amp;3 Tomorrow 9:00</source>
        <translation>&amp;3 Tomorrow 9:00</translation>
    </message>
    <message>
        <source>&amp;4 Pick a time…</source>
        <translation>&amp;4 Pick a time…</translation>
    </message>
    <message>
        <source>&amp;Reschedule…</source>
        <translation>&amp;Reschedule…</translation>
    </message>
    <message>
        <source>Re&amp;assign…</source>
        <translation>Re&amp;assign…</translation>
    </message>
    <message>
        <source>&amp;Open customer</source>
        <translation>&amp;Open customer</translation>
    </message>
    <message>
        <source>Refresh queue</source>
        <translation>Refresh queue</translation>
    </message>
    <message>
        <source>%1 overdue · %2 today · %3 upcoming</source>
        <translation>%1 overdue · %2 today · %3 upcoming</translation>
    </message>
    <message>
        <source>Reschedule</source>
        <translation>Reschedule</translation>
    </message>
    <message>
        <source>New due time for the selected tasks (%1):</source>
        <translation>New due time for the selected tasks (%1):</translation>
    </message>
    <message>
        <source>Reassign</source>
        <translation>Reassign</translation>
    </message>
    <message>
        <source>Give the selected tasks (%1) to:</source>
        <translation>Give the selected tasks (%1) to:</translation>
    </message>
    <message>
        <source>&lt;b&gt;Due now:&lt;/b&gt; %1%2 (%3)</source>
        <translation>&lt;b&gt;Due now:&lt;/b&gt; %1%2 (%3)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 reminders fell due while Leadline was closed or asleep.&lt;/b&gt; They are at the top of the queue, under Overdue.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::ReminderNotifier</name>
    <message>
        <source>Leadline</source>
        <translation>Leadline</translation>
    </message>
    <message>
        <source>%1 (due %2)</source>
        <translation>%1 (due %2)</translation>
    </message>
    <message>
        <source>%1 · %2 (due %3)</source>
        <translation>%1 · %2 (due %3)</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>Reminder</translation>
    </message>
    <message>
        <source>Reminder: %1</source>
        <translation>Reminder: %1</translation>
    </message>
    <message>
        <source>Missed reminders: %1 (see My queue).</source>
        <translation>Missed reminders: %1 (see My queue).</translation>
    </message>
    <message>
        <source>Missed reminders</source>
        <translation>Missed reminders</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::RulesView</name>
    <message>
        <source>Customer created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call logged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To-do completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To-do overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lead imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every 5 minutes (time rule)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a to-do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set a field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove a tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to a nurture list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;ame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. intent == &quot;高&quot; and days_since(last_contact) &gt; 3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters (key=value; …)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+R: which customers it matches now and what it would do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Backtest 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+B: what it would have done over the last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished">Customer</translation>
    </message>
    <message>
        <source>Would do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new rule: name it, choose its trigger, condition and actions, then save (Ctrl+S).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disposition (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished">%1 (%2)</translation>
    </message>
    <message>
        <source>Saved &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Now, %n customer(s) match.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Over the last 30 days it would have acted %n time(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>(already done) %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 The first %2 are listed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dry run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backtest 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tr&amp;igger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acti&amp;ons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dry r&amp;un</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actions of the rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customers the rule matches, and what it would do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score &amp;points…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lead score&apos;s points, decay and 热/温 thresholds; saving rescores every customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Score weights saved; %n customer(s) rescored.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Add action</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::ScoreWeightsDialog</name>
    <message>
        <source>Industry</source>
        <translation type="unfinished">Industry</translation>
    </message>
    <message>
        <source>Region</source>
        <translation type="unfinished">Region</translation>
    </message>
    <message>
        <source>Word in the title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Intent</source>
        <translation type="unfinished">Intent</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation type="unfinished">Stage</translation>
    </message>
    <message>
        <source>&amp;Add row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lead score weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished">Value</translation>
    </message>
    <message>
        <source>Points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind of the new row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Points for what a lead is (the best title word counts):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points per &amp;connected call:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most, from &amp;calls:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points for a contact &amp;today:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls and contacts &amp;halve every:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Warm (温) from:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>H&amp;ot (热) from:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Maximum score:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only supervisors and administrators change the weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving rescores every customer at once; other computers follow at their next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row %1 needs a value to match and whole points.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::SuggestedScripts</name>
    <message>
        <source>Suggested scripts (Enter opens in the knowledge base)</source>
        <translation>Suggested scripts (Enter opens in the knowledge base)</translation>
    </message>
    <message>
        <source>Suggested scripts</source>
        <translation>Suggested scripts</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::SyncStatusWidget</name>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Syncing…</translation>
    </message>
    <message numerus="yes">
        <source>Offline, retrying in %n s</source>
        <translation>
            <numerusform>Offline, retrying in %n s</numerusform>
            <numerusform>Offline, retrying in %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Sync stopped</source>
        <translation>Sync stopped</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) pending</source>
        <translation>
            <numerusform>%n change pending</numerusform>
            <numerusform>%n changes pending</numerusform>
        </translation>
    </message>
    <message>
        <source>last sync %1</source>
        <translation>last sync %1</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) refused</source>
        <translation>
            <numerusform>%n change refused</numerusform>
            <numerusform>%n changes refused</numerusform>
        </translation>
    </message>
    <message>
        <source>server changes delayed</source>
        <translation>server changes delayed</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n conflict</numerusform>
            <numerusform>%n conflicts</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::TeamTableModel</name>
    <message>
        <source>%1 (%2), %3</source>
        <translation>%1 (%2), %3</translation>
    </message>
    <message>
        <source>%1 connects of %2 dials = %3</source>
        <translation>%1 connects of %2 dials = %3</translation>
    </message>
    <message>
        <source>%1 s in connected calls of 60 s or more (all connected calls: %2 s)</source>
        <translation>%1 s in connected calls of 60 s or more (all connected calls: %2 s)</translation>
    </message>
    <message>
        <source>%1 s per dial (call %2 s + wrap-up %3 s)</source>
        <translation>%1 s per dial (call %2 s + wrap-up %3 s)</translation>
    </message>
    <message>
        <source>%1 s per dial</source>
        <translation>%1 s per dial</translation>
    </message>
    <message>
        <source>%1 dials in %2 h signed in (ready %3 h, not ready %4 h, on call %5 h, wrap-up %6 h)</source>
        <translation>%1 dials in %2 h signed in (ready %3 h, not ready %4 h, on call %5 h, wrap-up %6 h)</translation>
    </message>
    <message>
        <source>%1 of %2 callbacks done by their due time = %3</source>
        <translation>%1 of %2 callbacks done by their due time = %3</translation>
    </message>
    <message>
        <source>%1 won of %2 leads created = %3; won amount %4</source>
        <translation>%1 won of %2 leads created = %3; won amount %4</translation>
    </message>
    <message>
        <source>%1: %2 dials</source>
        <translation>%1: %2 dials</translation>
    </message>
    <message>
        <source>No dials in this period.</source>
        <translation>No dials in this period.</translation>
    </message>
    <message>
        <source>Talk time of connected calls lasting 60 seconds or more</source>
        <translation>Talk time of connected calls lasting 60 seconds or more</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Dials</source>
        <translation>Dials</translation>
    </message>
    <message>
        <source>Connects</source>
        <translation>Connects</translation>
    </message>
    <message>
        <source>Connect rate</source>
        <translation>Connect rate</translation>
    </message>
    <message>
        <source>Effective talk</source>
        <translation>Effective talk</translation>
    </message>
    <message>
        <source>Avg handle</source>
        <translation>Avg handle</translation>
    </message>
    <message>
        <source>Avg wrap-up</source>
        <translation>Avg wrap-up</translation>
    </message>
    <message>
        <source>Calls/hour</source>
        <translation>Calls/hour</translation>
    </message>
    <message>
        <source>Todos overdue</source>
        <translation>Todos overdue</translation>
    </message>
    <message>
        <source>Callbacks kept</source>
        <translation>Callbacks kept</translation>
    </message>
    <message>
        <source>Leads owned</source>
        <translation>Leads owned</translation>
    </message>
    <message>
        <source>Conversions</source>
        <translation>Conversions</translation>
    </message>
    <message>
        <source>Daily dials</source>
        <translation>Daily dials</translation>
    </message>
    <message>
        <source>%1 s (spans over 4 hours count as offline)</source>
        <translation>%1 s (spans over 4 hours count as offline)</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Not ready</source>
        <translation>Not ready</translation>
    </message>
    <message>
        <source>On call</source>
        <translation>On call</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>Wrap-up</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::TeamView</name>
    <message>
        <source>My figures</source>
        <translation>My figures</translation>
    </message>
    <message>
        <source>Team %1</source>
        <translation>Team %1</translation>
    </message>
    <message>
        <source>Everyone I may see</source>
        <translation>Everyone I may see</translation>
    </message>
    <message>
        <source>%1 agents · %2 dials · %3 connects (%4) · effective talk %5 · %6 todos overdue · callbacks kept %7 · %8 conversions of %9 new leads (%10) · average deal %11 · average cycle %12 days</source>
        <translation>%1 agents · %2 dials · %3 connects (%4) · effective talk %5 · %6 todos overdue · callbacks kept %7 · %8 conversions of %9 new leads (%10) · average deal %11 · average cycle %12 days</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Cannot write the picture %1.</source>
        <translation>Cannot write the picture %1.</translation>
    </message>
    <message>
        <source>Export the table</source>
        <translation>Export the table</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</translation>
    </message>
    <message>
        <source>Save the chart as a picture</source>
        <translation>Save the chart as a picture</translation>
    </message>
    <message>
        <source>PNG picture (*.png)</source>
        <translation>PNG picture (*.png)</translation>
    </message>
    <message>
        <source>Whose figures</source>
        <translation>Whose figures</translation>
    </message>
    <message>
        <source>Export table</source>
        <translation>Export table</translation>
    </message>
    <message>
        <source>CSV or Excel…</source>
        <translation>CSV or Excel…</translation>
    </message>
    <message>
        <source>Save chart…</source>
        <translation>Save chart…</translation>
    </message>
    <message>
        <source>Trend</source>
        <translation>Trend</translation>
    </message>
    <message>
        <source>Funnel</source>
        <translation>Funnel</translation>
    </message>
    <message>
        <source>By source</source>
        <translation>By source</translation>
    </message>
    <message>
        <source>Trend of</source>
        <translation>Trend of</translation>
    </message>
    <message>
        <source>Previous period (%1 – %2): %3 dials · %4 connects (%5) · effective talk %6 · %7 conversions</source>
        <translation>Previous period (%1 – %2): %3 dials · %4 connects (%5) · effective talk %6 · %7 conversions</translation>
    </message>
    <message>
        <source>Calls and customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live floor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team median (%1 agents): %2 dials · %3 connects (%4) · effective talk %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This window cannot export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live floor: CSV or Excel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the live floor</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::TimelineModel</name>
    <message>
        <source>Call · %1 · %2</source>
        <translation>Call · %1 · %2</translation>
    </message>
    <message>
        <source>Recording: %1</source>
        <translation>Recording: %1</translation>
    </message>
    <message>
        <source>Note · %1</source>
        <translation>Note · %1</translation>
    </message>
    <message>
        <source>Task done · %1</source>
        <translation>Task done · %1</translation>
    </message>
    <message>
        <source>Task · %1 · due %2</source>
        <translation>Task · %1 · due %2</translation>
    </message>
    <message>
        <source>Stage · %1 → %2</source>
        <translation>Stage · %1 → %2</translation>
    </message>
    <message>
        <source>Owner · %1</source>
        <translation>Owner · %1</translation>
    </message>
    <message>
        <source>Merged · %1</source>
        <translation>Merged · %1</translation>
    </message>
    <message>
        <source>Imported · %1</source>
        <translation>Imported · %1</translation>
    </message>
    <message>
        <source>Rule · %1</source>
        <translation>Rule · %1</translation>
    </message>
    <message>
        <source>Lead pool · %1</source>
        <translation>Lead pool · %1</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::UsersModel</name>
    <message>
        <source>Agent</source>
        <translation type="unfinished">Agent</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished">Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team</source>
        <translation type="unfinished">Team</translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::UsersView</name>
    <message numerus="yes">
        <source>%n users on the server</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 may sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is disabled: signed out and cannot sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is now %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 moved to team %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password of %1 was reset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation type="unfinished">&amp;Login:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished">&amp;Password:</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role of %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team</source>
        <translation type="unfinished">Team</translation>
    </message>
    <message>
        <source>Team of %1 (a new name creates the team):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New password for %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add user…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Role…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Team…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset &amp;password…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::UnsyncedSalvage</name>
    <message>
        <source>There is no workspace file at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace %1 cannot be opened even for reading its unsynced changes (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The unsynced changes cannot be saved beside the workspace in %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The unsynced changes cannot be saved beside %1: no free file name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The unsynced changes could not be written to %1 (%2); nothing else was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The unsynced changes could not be written to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The saved changes in %1 cannot be read (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, line %2, is not a saved change (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a file of saved unsynced changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is empty: it holds no saved changes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::UriDialer</name>
    <message>
        <source>A call is already in progress.</source>
        <translation>A call is already in progress.</translation>
    </message>
    <message>
        <source>No softphone on this computer accepted %1 links. Install one or choose another dialer in Settings.</source>
        <translation>No softphone on this computer accepted %1 links. Install one or choose another dialer in Settings.</translation>
    </message>
    <message>
        <source>Ended by the agent (outcome reported by hand)</source>
        <translation>Ended by the agent (outcome reported by hand)</translation>
    </message>
</context>
<context>
    <name>Leadline::UserAdministration</name>
    <message>
        <source>Sign in to the shared server first (&quot;Server…&quot; in the status bar).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only administrators manage users.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no user %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The login %1 is not allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The login %1 is reserved.</source>
        <translation type="unfinished">The login %1 is reserved.</translation>
    </message>
    <message>
        <source>The login %1 belongs to a server role that is not a Leadline user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password needs at least 8 characters.</source>
        <translation type="unfinished">The password needs at least 8 characters.</translation>
    </message>
    <message>
        <source>The role must be agent, supervisor or admin.</source>
        <translation type="unfinished">The role must be agent, supervisor or admin.</translation>
    </message>
    <message>
        <source>The user needs a name.</source>
        <translation type="unfinished">The user needs a name.</translation>
    </message>
    <message>
        <source>You cannot disable your own account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You cannot take the administrator role from yourself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your account is disabled: ask your administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot add the user: %1</source>
        <translation type="unfinished">Cannot add the user: %1</translation>
    </message>
</context>
<context>
    <name>Leadline::Vocabulary</name>
    <message>
        <source>First contact</source>
        <translation>First contact</translation>
    </message>
    <message>
        <source>Needs analysis</source>
        <translation>Needs analysis</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>Proposal</translation>
    </message>
    <message>
        <source>Quotation</source>
        <translation>Quotation</translation>
    </message>
    <message>
        <source>Contract pending</source>
        <translation>Contract pending</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>Won</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Lost</translation>
    </message>
    <message>
        <source>High</source>
        <translation>High</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Medium</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Low</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Price-sensitive</source>
        <translation>Price-sensitive</translation>
    </message>
    <message>
        <source>Technical</source>
        <translation>Technical</translation>
    </message>
    <message>
        <source>Cautious</source>
        <translation>Cautious</translation>
    </message>
    <message>
        <source>Relationship-driven</source>
        <translation>Relationship-driven</translation>
    </message>
    <message>
        <source>Efficiency-first</source>
        <translation>Efficiency-first</translation>
    </message>
    <message>
        <source>Website sign-up</source>
        <translation>Website sign-up</translation>
    </message>
    <message>
        <source>Trade show</source>
        <translation>Trade show</translation>
    </message>
    <message>
        <source>Reseller referral</source>
        <translation>Reseller referral</translation>
    </message>
    <message>
        <source>Customer referral</source>
        <translation>Customer referral</translation>
    </message>
    <message>
        <source>Search engine</source>
        <translation>Search engine</translation>
    </message>
    <message>
        <source>Cold call</source>
        <translation>Cold call</translation>
    </message>
    <message>
        <source>Online ads</source>
        <translation>Online ads</translation>
    </message>
    <message>
        <source>Interested</source>
        <translation>Interested</translation>
    </message>
    <message>
        <source>Not interested</source>
        <translation>Not interested</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>No answer</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Busy</translation>
    </message>
    <message>
        <source>Wrong number</source>
        <translation>Wrong number</translation>
    </message>
    <message>
        <source>Voicemail</source>
        <translation>Voicemail</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Call back</translation>
    </message>
    <message>
        <source>Closed won</source>
        <translation>Closed won</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Landline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nurturing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs a demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uses a competitor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision maker reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Year-end purchase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On trial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Many branches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renewal watch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Callback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow up on the trial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the quote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm the demo time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the contract approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call back: the customer asked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invite to the product launch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the budget approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send a case study from the industry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arrange a technical session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FAQ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Objections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case studies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Competitors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Industry solutions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call scripts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::WorkspaceBackup</name>
    <message>
        <source>%1 already exists; a backup never overwrites a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backup to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backup %1 could not be finished: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::WorkspaceCheck</name>
    <message>
        <source>Workspace %1 is read-only: its file or folder may not be written (%2). You can look, but not change anything.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk holding workspace %1 is full (%2). Nothing was saved; free some space and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace %1 cannot be opened (%2): check that the folder exists and may be read and written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace %1 could not be read or written: the disk reported an error (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace %1 cannot be read (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace %1 is damaged or is not a Leadline workspace (it has no SQLite header). Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header names an impossible page size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is cut off in the middle of a page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file has %1 of its %2 pages; it was cut short</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>was replaced or damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is cut short or damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace %1 is inconsistent: its write-ahead log (%2-wal) %3, so changes that were saved, and may not be synced yet, are not in the file. Nothing was changed; put the original -wal file back next to the workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace %1 is damaged (%2). Nothing was changed. Rebuild it from the server (leadline workspace recover, or Recover when Leadline starts): the changes not synced yet are saved beside it and sent again, and the damaged file is kept. Or restore a backup (leadline workspace backup makes one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace %1 was in use when this file was copied, or its write-ahead log (%2-wal) was removed: changes saved since it was opened, which may not be synced yet, are in that log and not in this file. Nothing was changed. If the original workspace still exists, copy it together with its -wal file, or with leadline workspace backup. Otherwise rebuild it from the server (leadline workspace recover, or Recover when Leadline starts): the changes not synced yet that this file holds are saved beside it and sent again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::WorkspaceRecovery</name>
    <message>
        <source>The recovery cannot record its progress in %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no workspace at %1, so there is nothing to recover.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be moved aside: %2 is in the way (nothing was deleted).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be moved to %2 (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new workspace cannot record a refused change: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recovery journal %1 is unreadable; the saved changes are in the %2.unsynced-*.jsonl files beside the workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Your %n unsynced change(s) are kept in %1.</source>
        <translation>
            <numerusform>Your %n unsynced change is kept in %1.</numerusform>
            <numerusform>Your %n unsynced changes are kept in %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>The damaged workspace was left as it is. Run the recovery again when the server can be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the recovery again when the server can be reached: it continues where it stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server could not be reached (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The damaged workspace belonged to another user: sign in as that user to recover it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new workspace could not be filled from the server (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The saved changes could not all be sent (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the recovery again: the server keeps any change it already has from applying twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recovery finished but %1 cannot be removed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Leadline::XlsxReader</name>
    <message>
        <source>%1 is not an Excel workbook (.xlsx) or cannot be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data is not an Excel workbook (.xlsx).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workbook has no %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workbook&apos;s %1 cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workbook&apos;s %1 is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not an Excel workbook (it has no xl/workbook.xml).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workbook&apos;s list of sheets is damaged: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workbook has no sheets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workbook has no sheet &quot;%1&quot; (sheets: %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sheet &quot;%1&quot; is missing from the workbook.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sheet &quot;%1&quot; cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workbook&apos;s shared strings are damaged: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workbook&apos;s styles are damaged: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sheet is damaged (it cannot be uncompressed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sheet is damaged near row %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>A disposition needs a name.</source>
        <translation>A disposition needs a name.</translation>
    </message>
    <message>
        <source>Hotkeys are 1 to 9.</source>
        <translation>Hotkeys are 1 to 9.</translation>
    </message>
</context>
</TS>
