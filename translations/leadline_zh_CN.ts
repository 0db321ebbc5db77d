<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Leadline::ActivityRepository</name>
    <message>
        <source>A call must belong to a customer.</source>
        <translation>通话记录必须关联客户。</translation>
    </message>
    <message>
        <source>The note is empty.</source>
        <translation>备注内容为空。</translation>
    </message>
</context>
<context>
    <name>Leadline::AgentDrillDown</name>
    <message>
        <source>The agent&apos;s calls could not be read: %1</source>
        <translation>无法读取该坐席的通话：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::AgentStates</name>
    <message>
        <source>Ready</source>
        <translation>示闲</translation>
    </message>
    <message>
        <source>Not ready</source>
        <translation>示忙</translation>
    </message>
    <message>
        <source>On call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>话后处理</translation>
    </message>
</context>
<context>
    <name>Leadline::ArticleRepository</name>
    <message>
        <source>An article needs a title.</source>
        <translation>请填写文章标题。</translation>
    </message>
    <message>
        <source>The title is longer than 200 characters.</source>
        <translation>标题超过 200 个字符。</translation>
    </message>
    <message>
        <source>An article needs some text.</source>
        <translation>请填写文章正文。</translation>
    </message>
</context>
<context>
    <name>Leadline::ArticleSearch</name>
    <message>
        <source>The knowledge base</source>
        <translation>知识库</translation>
    </message>
    <message>
        <source>The suggested scripts</source>
        <translation>推荐话术</translation>
    </message>
</context>
<context>
    <name>Leadline::AuditQuery</name>
    <message>
        <source>The audit log</source>
        <translation>审计日志</translation>
    </message>
</context>
<context>
    <name>Leadline::AuditTrail</name>
    <message>
        <source>&quot;%1&quot; is recorded in the audit log by the server when the change reaches it, not by the workstation.</source>
        <translation>“%1”由服务器在收到该更改时记入审计日志，而不是由工作站记录。</translation>
    </message>
</context>
<context>
    <name>Leadline::BaresipDialer</name>
    <message>
        <source>Connected to baresip at %1.</source>
        <translation>已连接到 baresip（%1）。</translation>
    </message>
    <message>
        <source>baresip is not running, or its control port %1 (ctrl_tcp) is not reachable. Start baresip, or choose another dialer in Settings.</source>
        <translation>baresip 未运行，或无法连接其控制端口 %1（ctrl_tcp）。请启动 baresip，或在设置中选择其他拨号方式。</translation>
    </message>
    <message>
        <source>A call is already in progress.</source>
        <translation>已有通话正在进行。</translation>
    </message>
    <message>
        <source>Lost the connection to baresip.</source>
        <translation>与 baresip 的连接已断开。</translation>
    </message>
    <message>
        <source>baresip refused the call.</source>
        <translation>baresip 拒绝了此次呼叫。</translation>
    </message>
    <message>
        <source>Lost the connection to baresip during the call.</source>
        <translation>通话过程中与 baresip 的连接已断开。</translation>
    </message>
</context>
<context>
    <name>Leadline::BulkLoad</name>
    <message>
        <source>The workspace could not prepare a bulk load: %1</source>
        <translation>工作区无法准备批量载入：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::CallDrafts</name>
    <message>
        <source>The call in progress could not be kept on disk: %1</source>
        <translation>无法把进行中的通话保存到磁盘：%1</translation>
    </message>
    <message>
        <source>The unsaved call cannot be read: %1</source>
        <translation>无法读取未保存的通话：%1</translation>
    </message>
    <message>
        <source>The unsaved call could not be cleared: %1</source>
        <translation>无法清除未保存的通话：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::CallKpiQuery</name>
    <message>
        <source>The call figures could not be read: %1</source>
        <translation>无法读取通话数据：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::CallLogger</name>
    <message>
        <source>Open a customer before logging a call.</source>
        <translation>请先打开客户，再记录通话。</translation>
    </message>
    <message>
        <source>Choose a disposition (keys 1–9).</source>
        <translation>请选择通话结果（按键 1–9）。</translation>
    </message>
    <message>
        <source>That disposition no longer exists; choose another.</source>
        <translation>该通话结果已不存在，请重新选择。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; needs a note: write what was said.</source>
        <translation>“%1”需要填写备注：请记录沟通内容。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; needs a callback: pick the next follow-up time.</source>
        <translation>“%1”需要安排回电：请选择下次跟进时间。</translation>
    </message>
    <message>
        <source>The follow-up time is in the past.</source>
        <translation>跟进时间不能早于当前时间。</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>回电</translation>
    </message>
    <message>
        <source>When was the call? Give its start time.</source>
        <translation>请填写通话的开始时间。</translation>
    </message>
    <message>
        <source>A call made outside Leadline cannot start in the future.</source>
        <translation>外部通话的开始时间不能晚于当前时间。</translation>
    </message>
    <message>
        <source>The duration cannot be negative.</source>
        <translation>通话时长不能为负数。</translation>
    </message>
    <message>
        <source>The customer&apos;s calls</source>
        <translation>客户的通话记录</translation>
    </message>
</context>
<context>
    <name>Leadline::CallSession</name>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Dialing</source>
        <translation>正在拨号</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>振铃中</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>话后处理</translation>
    </message>
    <message>
        <source>Logged</source>
        <translation>已记录</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>呼叫失败</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>忙线</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>未接通</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>被拒接</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>A call is already in progress.</source>
        <translation>已有通话正在进行。</translation>
    </message>
    <message>
        <source>Log the previous call before dialing again.</source>
        <translation>请先记录上一通通话，再重新拨号。</translation>
    </message>
</context>
<context>
    <name>Leadline::ChangePuller</name>
    <message>
        <source>Cannot record a conflict: %1</source>
        <translation>无法记录冲突：%1</translation>
    </message>
    <message>
        <source>The server asked for a full resync twice during one sync.</source>
        <translation>服务器在一次同步中两次要求完整重新同步。</translation>
    </message>
</context>
<context>
    <name>Leadline::ChangeWriter</name>
    <message>
        <source>%1 is not a synced table.</source>
        <translation>%1 不是同步表。</translation>
    </message>
    <message>
        <source>%1 has no field %2.</source>
        <translation>%1 没有字段 %2。</translation>
    </message>
    <message>
        <source>The record no longer exists (it may have been deleted or reassigned).</source>
        <translation>该记录已不存在（可能已被删除或转给他人）。</translation>
    </message>
    <message>
        <source>The workspace could not save the change: %1</source>
        <translation>工作区无法保存更改：%1</translation>
    </message>
    <message>
        <source>The record changed since this was decided (%1 is no longer %2).</source>
        <translation>该记录在决策后已被更改（%1 已不再是 %2）。</translation>
    </message>
</context>
<context>
    <name>Leadline::Cli</name>
    <message>
        <source>Create a deterministic demo workspace.</source>
        <translation>创建可复现的演示工作区。</translation>
    </message>
    <message>
        <source>Search customers like the customer list does.</source>
        <translation>按客户列表的方式搜索客户。</translation>
    </message>
    <message>
        <source>Run one sync round with the server.</source>
        <translation>与服务器执行一轮同步。</translation>
    </message>
    <message>
        <source>Measure the performance budgets on a demo workspace.</source>
        <translation>在演示工作区上测量性能预算。</translation>
    </message>
    <message>
        <source>Leadline telesales workstation.</source>
        <translation>Leadline 电销工作台。</translation>
    </message>
    <message>
        <source>The local workspace file.</source>
        <translation>本地工作区文件。</translation>
    </message>
    <message>
        <source>Print one JSON object.</source>
        <translation>输出一个 JSON 对象。</translation>
    </message>
    <message>
        <source>Subcommand to run.</source>
        <translation>要运行的子命令。</translation>
    </message>
    <message>
        <source>unknown command &quot;%1&quot; (commands: %2)</source>
        <translation>未知命令“%1”（可用命令：%2）</translation>
    </message>
    <message>
        <source>Leadline telesales workstation.

Without a command, opens the workstation window.
Commands: %1 (run &apos;leadline COMMAND --help&apos;).</source>
        <translation>Leadline 电销工作台。

不带命令时打开工作台窗口。
命令：%1（运行 &apos;leadline COMMAND --help&apos; 查看帮助）。</translation>
    </message>
    <message>
        <source>UI language: zh_CN or en.</source>
        <translation>界面语言：zh_CN 或 en。</translation>
    </message>
    <message>
        <source>Leadline</source>
        <translation>Leadline</translation>
    </message>
    <message>
        <source>Generating a demo workspace with %1 customers in %2…</source>
        <translation>正在 %2 中生成含 %1 位客户的演示工作区…</translation>
    </message>
    <message>
        <source>  %1%</source>
        <translation>  %1%</translation>
    </message>
    <message>
        <source>Building the search index…</source>
        <translation>正在构建搜索索引…</translation>
    </message>
    <message>
        <source>Customers in the demo workspace (default 1000000).</source>
        <translation>演示工作区中的客户数（默认 1000000）。</translation>
    </message>
    <message>
        <source>Small sizes and few runs, for a smoke check.</source>
        <translation>使用小规模数据和少量运行次数，用于冒烟检查。</translation>
    </message>
    <message>
        <source>Run only benchmarks whose name starts with PREFIX.</source>
        <translation>只运行名称以 PREFIX 开头的基准测试。</translation>
    </message>
    <message>
        <source>Timed runs per benchmark (default 200).</source>
        <translation>每项基准测试的计时运行次数（默认 200）。</translation>
    </message>
    <message>
        <source>--size takes a positive number</source>
        <translation>--size 需要一个正数</translation>
    </message>
    <message>
        <source>--runs takes a positive number</source>
        <translation>--runs 需要一个正数</translation>
    </message>
    <message>
        <source>no benchmark name starts with &quot;%1&quot;</source>
        <translation>没有名称以“%1”开头的基准测试</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1  size %2  p50 %3 ms  p95 %4 ms  max %5 ms  floor p95 %6 ms  ratio %7  budget %8 ms</source>
        <translation>%1  规模 %2  p50 %3 ms  p95 %4 ms  最大 %5 ms  基线 p95 %6 ms  比值 %7  预算 %8 ms</translation>
    </message>
    <message>
        <source>the workspace has no customers</source>
        <translation>工作区中没有客户</translation>
    </message>
    <message>
        <source>no customers could be sampled</source>
        <translation>无法抽取客户样本</translation>
    </message>
    <message>
        <source>no inputs for this benchmark</source>
        <translation>此基准测试没有输入数据</translation>
    </message>
    <message>
        <source>cannot add the benchmark&apos;s todos</source>
        <translation>无法添加基准测试所需的待办</translation>
    </message>
    <message>
        <source>Number of customers (1 to 10000000).</source>
        <translation>客户数量（1 到 10000000）。</translation>
    </message>
    <message>
        <source>Random seed (same seed, same data).</source>
        <translation>随机种子（种子相同，生成的数据也相同）。</translation>
    </message>
    <message>
        <source>The data&apos;s &quot;today&quot; as YYYY-MM-DD (default: today).</source>
        <translation>数据中的“今天”，格式为 YYYY-MM-DD（默认：今天）。</translation>
    </message>
    <message>
        <source>Average calls per customer over the year (default 8).</source>
        <translation>每位客户全年平均通话次数（默认 8）。</translation>
    </message>
    <message>
        <source>demo takes no arguments, got &quot;%1&quot;</source>
        <translation>demo 不接受参数，但收到了“%1”</translation>
    </message>
    <message>
        <source>demo needs --workspace FILE (a new, empty workspace)</source>
        <translation>demo 需要 --workspace FILE（一个新的空工作区）</translation>
    </message>
    <message>
        <source>--customers takes a number from 1 to 10000000</source>
        <translation>--customers 需要 1 到 10000000 之间的数字</translation>
    </message>
    <message>
        <source>--seed takes a whole number from 0 to 4294967295</source>
        <translation>--seed 需要 0 到 4294967295 之间的整数</translation>
    </message>
    <message>
        <source>--calls-per-customer takes a number from 0 to 100</source>
        <translation>--calls-per-customer 需要 0 到 100 之间的数字</translation>
    </message>
    <message>
        <source>--anchor takes a date as YYYY-MM-DD</source>
        <translation>--anchor 需要 YYYY-MM-DD 格式的日期</translation>
    </message>
    <message>
        <source>Demo workspace %1: %2 customers, %3 contacts, %4 phones, %5 calls, %6 todos, %7 notes, %8 articles, %9 agents in %10 s.</source>
        <translation>演示工作区 %1：%2 位客户、%3 位联系人、%4 个电话号码、%5 条通话、%6 条待办、%7 条备注、%8 篇文章、%9 名坐席，用时 %10 秒。</translation>
    </message>
    <message>
        <source>search needs a QUERY</source>
        <translation>search 需要提供 QUERY</translation>
    </message>
    <message>
        <source>--limit takes a positive number</source>
        <translation>--limit 需要一个正数</translation>
    </message>
    <message>
        <source>The server database: postgresql://user:password@host:port/dbname?sslmode=…</source>
        <translation>服务器数据库：postgresql://user:password@host:port/dbname?sslmode=…</translation>
    </message>
    <message>
        <source>server %1 needs --db URL</source>
        <translation>server %1 需要 --db URL</translation>
    </message>
    <message>
        <source>The server schema is up to date (version %1).</source>
        <translation>服务器数据库结构已是最新（版本 %1）。</translation>
    </message>
    <message>
        <source>The server schema went from version %1 to %2.</source>
        <translation>服务器数据库结构已从版本 %1 升级到 %2。</translation>
    </message>
    <message>
        <source>The server database URL.</source>
        <translation>服务器数据库 URL。</translation>
    </message>
    <message>
        <source>Sign in as this user (instead of the URL&apos;s).</source>
        <translation>以此用户登录（代替 URL 中的用户）。</translation>
    </message>
    <message>
        <source>The user&apos;s password.</source>
        <translation>该用户的密码。</translation>
    </message>
    <message>
        <source>sync needs --db URL</source>
        <translation>sync 需要 --db URL</translation>
    </message>
    <message>
        <source>sync failed: %1</source>
        <translation>同步失败：%1</translation>
    </message>
    <message>
        <source>Pushed %1, pulled %2, conflicts %3, rejected %4, pending %5.</source>
        <translation>已推送 %1，已拉取 %2，冲突 %3，被拒 %4，待同步 %5。</translation>
    </message>
    <message>
        <source>The server database (an administrator&apos;s URL).</source>
        <translation>服务器数据库（管理员 URL）。</translation>
    </message>
    <message>
        <source>User %1 (%2) is ready.</source>
        <translation>用户 %1（%2）已可用。</translation>
    </message>
    <message>
        <source>A server database the sync benchmarks may fill (an administrator&apos;s URL); without it they are skipped.</source>
        <translation>同步基准测试可写入的服务器数据库（管理员 URL）；不提供则跳过这些测试。</translation>
    </message>
    <message>
        <source>%1 need a server: add --db URL</source>
        <translation>%1 需要服务器：请加上 --db URL</translation>
    </message>
    <message>
        <source>the shipped articles are missing</source>
        <translation>缺少内置的知识库文章</translation>
    </message>
    <message>
        <source>cannot add the benchmark&apos;s articles: %1</source>
        <translation>无法写入基准测试用的文章：%1</translation>
    </message>
    <message>
        <source>the server holds no customers to edit</source>
        <translation>服务器上没有可编辑的客户</translation>
    </message>
    <message>
        <source>%1 edits were still pending after the round</source>
        <translation>本轮同步后仍有 %1 条修改待上传</translation>
    </message>
    <message>
        <source>Initialize or upgrade the server schema, or trim it to the offline window (init|migrate|purge).</source>
        <translation>初始化或升级服务器数据库结构，或按离线窗口清理旧数据（init|migrate|purge）。</translation>
    </message>
    <message>
        <source>Seeding the server %1 with %2 customers…</source>
        <translation>正在向服务器 %1 写入 %2 位客户…</translation>
    </message>
    <message>
        <source>Adding %1 calls per customer on the server…</source>
        <translation>正在服务器上为每位客户添加 %1 条通话…</translation>
    </message>
    <message>
        <source>the sync engines did not come online: %1</source>
        <translation>同步引擎未能上线：%1</translation>
    </message>
    <message>
        <source>the edit did not reach the second workspace within %1 s</source>
        <translation>修改未在 %1 秒内到达第二个工作区</translation>
    </message>
    <message>
        <source>a bare round did not bring the edit to the second workspace</source>
        <translation>单独的一轮同步未把修改带到第二个工作区</translation>
    </message>
    <message>
        <source>purge: the offline window in days; older tombstones and feed entries go (default %1).</source>
        <translation>purge：离线窗口的天数；更早的删除标记和变更记录将被清除（默认 %1）。</translation>
    </message>
    <message>
        <source>--keep-days needs a whole number of days, at least 1</source>
        <translation>--keep-days 需要至少为 1 的整数天数</translation>
    </message>
    <message>
        <source>Removed %1 deleted rows, %2 change feed entries and %3 stored answers older than %4 days.</source>
        <translation>已清除早于 %4 天的 %1 条已删除记录、%2 条变更记录和 %3 条已存应答。</translation>
    </message>
    <message>
        <source>server needs an action: init, migrate or purge</source>
        <translation>server 需要指定操作：init、migrate 或 purge</translation>
    </message>
    <message>
        <source>Manage the server&apos;s users (add|list|disable|enable|set-role|set-team|passwd).</source>
        <translation>管理服务器上的用户（add|list|disable|enable|set-role|set-team|passwd）。</translation>
    </message>
    <message>
        <source>The user&apos;s login.</source>
        <translation>用户的登录名。</translation>
    </message>
    <message>
        <source>add, passwd: the user&apos;s password.</source>
        <translation>add、passwd：用户的密码。</translation>
    </message>
    <message>
        <source>add, set-role: agent, supervisor or admin.</source>
        <translation>add、set-role：agent（坐席）、supervisor（主管）或 admin（管理员）。</translation>
    </message>
    <message>
        <source>add, set-team: the team (created when new).</source>
        <translation>add、set-team：所属团队（不存在时自动创建）。</translation>
    </message>
    <message>
        <source>add: the user&apos;s display name.</source>
        <translation>add：用户的显示名称。</translation>
    </message>
    <message>
        <source>active</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>user needs an action: %1</source>
        <translation>user 需要指定操作：%1</translation>
    </message>
    <message>
        <source>user %1 needs --%2</source>
        <translation>user %1 需要 --%2</translation>
    </message>
    <message>
        <source>User %1: %2 done.</source>
        <translation>用户 %1：%2 已完成。</translation>
    </message>
    <message>
        <source>Newer changes on the server wait for another open transaction to end (the server ends it within 30 s).</source>
        <translation>服务器上较新的更改正在等待另一个未结束的事务结束（服务器会在 30 秒内将其终止）。</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1: the condition is valid</source>
        <translation>%1：条件有效</translation>
    </message>
    <message>
        <source>rules %1 needs a FILE</source>
        <translation>rules %1 需要一个文件（FILE）</translation>
    </message>
    <message>
        <source>%1 of %2 customers match</source>
        <translation>%2 个客户中有 %1 个匹配</translation>
    </message>
    <message>
        <source>Print the KPIs of a period (kpis --from DATE --to DATE [--agent LOGIN | --team NAME]).</source>
        <translation>输出一个时间段的业绩指标（kpis --from 日期 --to 日期 [--agent 登录名 | --team 团队名]）。</translation>
    </message>
    <message>
        <source>%1 holds an unfinished benchmark team: delete it and run again</source>
        <translation>%1 中有未完成的基准测试团队：请删除后重新运行</translation>
    </message>
    <message>
        <source>Writing a %1-agent team&apos;s year of %2 calls into %3…</source>
        <translation>正在向 %3 写入 %1 名坐席一年的 %2 条通话…</translation>
    </message>
    <message>
        <source>First day of the period (YYYY-MM-DD).</source>
        <translation>时间段的第一天（YYYY-MM-DD）。</translation>
    </message>
    <message>
        <source>Last day of the period (YYYY-MM-DD).</source>
        <translation>时间段的最后一天（YYYY-MM-DD）。</translation>
    </message>
    <message>
        <source>Only this agent&apos;s figures.</source>
        <translation>只看此坐席的数据。</translation>
    </message>
    <message>
        <source>Only this team&apos;s figures.</source>
        <translation>只看此团队的数据。</translation>
    </message>
    <message>
        <source>report takes one report name: kpis</source>
        <translation>report 需要一个报表名称：kpis</translation>
    </message>
    <message>
        <source>report kpis needs --from DATE and --to DATE</source>
        <translation>report kpis 需要 --from 日期 和 --to 日期</translation>
    </message>
    <message>
        <source>give either --agent or --team, not both</source>
        <translation>请只给出 --agent 或 --team 其中之一</translation>
    </message>
    <message>
        <source>agent	dials	connects	connect rate	effective talk (s)	todos overdue	leads owned	conversions</source>
        <translation>坐席	外呼	接通	接通率	有效通话（秒）	逾期待办	名下线索	成交</translation>
    </message>
    <message>
        <source>total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Check, list, dry-run, backtest and sweep the rules (check FILE, dry-run [FILE | --rule NAME], list, backtest [--rule NAME], sweep).</source>
        <translation>检查、列出、试运行、回测和扫描规则（check FILE、dry-run [FILE | --rule NAME]、list、backtest [--rule NAME]、sweep）。</translation>
    </message>
    <message>
        <source>--days takes a number of days from 1 to 366</source>
        <translation>--days 需要 1 到 366 之间的天数</translation>
    </message>
    <message>
        <source>no rule named %1</source>
        <translation>没有名为 %1 的规则</translation>
    </message>
    <message>
        <source>%1: %2 customers</source>
        <translation>%1：%2 位客户</translation>
    </message>
    <message>
        <source>dry-run, backtest: list at most N matching customers (default 50).</source>
        <translation>dry-run、backtest：最多列出 N 位命中的客户（默认 50）。</translation>
    </message>
    <message>
        <source>dry-run, backtest: the stored rule to decide (name or id; default: every enabled rule).</source>
        <translation>dry-run、backtest：要决策的已保存规则（名称或 ID；默认：所有已启用的规则）。</translation>
    </message>
    <message>
        <source>backtest: how many days back (default 30).</source>
        <translation>backtest：回溯的天数（默认 30）。</translation>
    </message>
    <message>
        <source>rules needs an action: check FILE, dry-run [FILE | --rule NAME], list, backtest [--rule NAME] [--days N] or sweep</source>
        <translation>rules 需要一个操作：check FILE、dry-run [FILE | --rule NAME]、list、backtest [--rule NAME] [--days N] 或 sweep</translation>
    </message>
    <message>
        <source>Import a lead list from CSV or XLSX (FILE), or undo an import (undo BATCH).</source>
        <translation>从 CSV 或 XLSX 文件导入线索名单（FILE），或撤销一次导入（undo BATCH）。</translation>
    </message>
    <message>
        <source>Export customers or calls to CSV or XLSX (customers|calls --out FILE).</source>
        <translation>将客户或通话导出为 CSV 或 XLSX（customers|calls --out FILE）。</translation>
    </message>
    <message>
        <source>cannot write the benchmark&apos;s lead list</source>
        <translation>无法写入基准测试的线索名单</translation>
    </message>
    <message>
        <source>the import bench imported %1 of %2 rows (%3)</source>
        <translation>导入基准测试只导入了 %2 行中的 %1 行（%3）</translation>
    </message>
    <message>
        <source>csv or xlsx (default: from the file name).</source>
        <translation>csv 或 xlsx（默认：按文件扩展名）。</translation>
    </message>
    <message>
        <source>The file to write.</source>
        <translation>要写入的文件。</translation>
    </message>
    <message>
        <source>export takes customers or calls</source>
        <translation>export 只接受 customers 或 calls</translation>
    </message>
    <message>
        <source>export needs --out FILE</source>
        <translation>export 需要 --out FILE</translation>
    </message>
    <message>
        <source>--format takes csv or xlsx</source>
        <translation>--format 只接受 csv 或 xlsx</translation>
    </message>
    <message>
        <source>Wrote %1 rows to %2.</source>
        <translation>已向 %2 写入 %1 行。</translation>
    </message>
    <message>
        <source>import undo needs a BATCH id</source>
        <translation>import undo 需要一个批次编号（BATCH）</translation>
    </message>
    <message>
        <source>Removed %1 customers, restored %2.</source>
        <translation>已删除 %1 个客户，已恢复 %2 个。</translation>
    </message>
    <message>
        <source>Left as it is (edited since the import): row %1, %2</source>
        <translation>未改动（导入后已被编辑）：第 %1 行，%2</translation>
    </message>
    <message>
        <source>The workbook sheet to import (default: the first).</source>
        <translation>要导入的工作表（默认：第一个）。</translation>
    </message>
    <message>
        <source>The CSV file&apos;s encoding (default: detected).</source>
        <translation>CSV 文件的编码（默认：自动识别）。</translation>
    </message>
    <message>
        <source>The row holding the column headers (default 1).</source>
        <translation>列标题所在的行（默认第 1 行）。</translation>
    </message>
    <message>
        <source>What to do with a row matching an existing customer by phone or e-mail.</source>
        <translation>当某行的电话或邮箱与现有客户相同时如何处理。</translation>
    </message>
    <message>
        <source>Give the new customers to this user.</source>
        <translation>将新客户分配给此用户。</translation>
    </message>
    <message>
        <source>Put the new customers in the lead pool.</source>
        <translation>将新客户放入公海（线索池）。</translation>
    </message>
    <message>
        <source>Share the new customers among a team&apos;s members.</source>
        <translation>在团队成员之间轮流分配新客户。</translation>
    </message>
    <message>
        <source>Tag every imported customer.</source>
        <translation>为每个导入的客户加上标签。</translation>
    </message>
    <message>
        <source>Check and count only; write nothing.</source>
        <translation>只检查和统计，不写入任何数据。</translation>
    </message>
    <message>
        <source>Save the rows that failed, with an error column.</source>
        <translation>保存导入失败的行，并附带错误列。</translation>
    </message>
    <message>
        <source>import needs a FILE (or undo BATCH)</source>
        <translation>import 需要一个文件（FILE），或 undo BATCH</translation>
    </message>
    <message>
        <source>--header-row takes a positive number</source>
        <translation>--header-row 需要一个正整数</translation>
    </message>
    <message>
        <source>--on-duplicate takes skip, update or create</source>
        <translation>--on-duplicate 只接受 skip、update 或 create</translation>
    </message>
    <message>
        <source>give only one of --owner, --pool and --round-robin</source>
        <translation>--owner、--pool 和 --round-robin 只能指定一个</translation>
    </message>
    <message>
        <source>Imported %1, updated %2, skipped %3, failed %4.%5</source>
        <translation>已导入 %1，已更新 %2，已跳过 %3，失败 %4。%5</translation>
    </message>
    <message>
        <source> Batch: %1</source>
        <translation> 批次：%1</translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>the supervisor&apos;s floor did not show the agent: %1</source>
        <translation>主管的实时看板没有显示该坐席：%1</translation>
    </message>
    <message>
        <source>the state change did not reach the supervisor within %1 s</source>
        <translation>状态变更未在 %1 秒内到达主管端</translation>
    </message>
    <message>
        <source>%1 Add --create to make a new workspace there.</source>
        <translation>%1 如需在此新建工作区，请加 --create。</translation>
    </message>
    <message>
        <source>Make a new workspace when the file is missing or empty (never over another program&apos;s database).</source>
        <translation>文件不存在或为空时新建工作区（绝不覆盖其他程序的数据库）。</translation>
    </message>
    <message>
        <source>%1

Create a new, empty workspace at %2?</source>
        <translation>%1

要在 %2 新建一个空工作区吗？</translation>
    </message>
    <message>
        <source>Read-only: this workspace cannot be changed</source>
        <translation>只读：此工作区不能修改</translation>
    </message>
    <message>
        <source>Workspace %1 is whole (every page read in %2 ms).</source>
        <translation>工作区 %1 完好（已读取每一页，用时 %2 毫秒）。</translation>
    </message>
    <message>
        <source>Workspace %1 is damaged; recover it from the server or restore a backup.</source>
        <translation>工作区 %1 已损坏；请从服务器恢复或还原备份。</translation>
    </message>
    <message>
        <source>workspace backup needs a FILE to write</source>
        <translation>workspace backup 需要指定要写入的 FILE</translation>
    </message>
    <message>
        <source>%1 already exists; a backup never overwrites a file.</source>
        <translation>%1 已存在；备份绝不覆盖文件。</translation>
    </message>
    <message>
        <source>The backup %1 could not be read back: %2</source>
        <translation>无法读回备份 %1：%2</translation>
    </message>
    <message>
        <source>Backed up %1 to %2.</source>
        <translation>已将 %1 备份到 %2。</translation>
    </message>
    <message>
        <source>check: also compare every index with its table (slower).</source>
        <translation>check：同时将每个索引与其表比对（较慢）。</translation>
    </message>
    <message>
        <source>Check every page of the workspace, make a consistent copy of it while it is in use, or rebuild a damaged one from the server keeping its unsynced changes (check [--thorough]|backup FILE|recover --db URL).</source>
        <translation>检查工作区的每一页，在使用中为其制作一致的副本，或从服务器重建已损坏的工作区并保留其未同步的更改（check [--thorough]|backup FILE|recover --db URL）。</translation>
    </message>
    <message>
        <source>workspace recover needs --db URL: the workspace is rebuilt from the server</source>
        <translation>workspace recover 需要 --db URL：工作区将从服务器重建</translation>
    </message>
    <message>
        <source>Workspace %1 is whole: there is nothing to recover.</source>
        <translation>工作区 %1 完好：无需恢复。</translation>
    </message>
    <message>
        <source>Workspace %1 was rebuilt from the server (%2 rows).</source>
        <translation>已从服务器重建工作区 %1（%2 行）。</translation>
    </message>
    <message>
        <source>Unsynced changes saved and sent again: %1 (accepted %2, refused %3). They stay in %4.</source>
        <translation>已保存并重新发送的未同步更改：%1 条（接受 %2 条，拒绝 %3 条）。这些更改仍保留在 %4 中。</translation>
    </message>
    <message>
        <source>Parts of the damaged file&apos;s unsynced changes could not be read: %1.</source>
        <translation>损坏文件中有部分未同步更改无法读取：%1 处。</translation>
    </message>
    <message>
        <source>The refused changes are listed with the conflicts, with the reason.</source>
        <translation>被拒绝的更改连同原因列在冲突列表中。</translation>
    </message>
    <message>
        <source>The damaged file was kept as %1.</source>
        <translation>损坏的文件已保留为 %1。</translation>
    </message>
    <message>
        <source>recover: the server database URL.</source>
        <translation>recover：服务器数据库 URL。</translation>
    </message>
    <message>
        <source>recover: sign in as this user (instead of the URL&apos;s).</source>
        <translation>recover：以此用户登录（代替 URL 中的用户）。</translation>
    </message>
    <message>
        <source>recover: the user&apos;s password.</source>
        <translation>recover：该用户的密码。</translation>
    </message>
    <message>
        <source>workspace needs check, backup FILE or recover --db URL</source>
        <translation>workspace 需要 check、backup FILE 或 recover --db URL</translation>
    </message>
    <message>
        <source>%1 customers, %2 time rules: %3 matched, %4 applied, %5 decided before, %6 failed, %7 stale, %8 lead scores updated (%9 ms)</source>
        <translation>%1 个客户，%2 条定时规则：匹配 %3，执行 %4，之前已决定 %5，失败 %6，状态已变 %7，更新线索评分 %8（%9 毫秒）</translation>
    </message>
    <message>
        <source>the floor insert failed: %1</source>
        <translation>基线插入失败：%1</translation>
    </message>
    <message>
        <source>the window did not start and paint its list: %1</source>
        <translation>窗口未能启动并绘制客户列表：%1</translation>
    </message>
    <message>
        <source>the window&apos;s start-up report is missing</source>
        <translation>缺少窗口的启动报告</translation>
    </message>
    <message>
        <source>no temporary folder for the window&apos;s settings</source>
        <translation>无法为窗口设置创建临时文件夹</translation>
    </message>
    <message>
        <source>At most N results, up to 10000 (default 20).</source>
        <translation>最多返回 N 条结果，上限 10000（默认 20）。</translation>
    </message>
    <message>
        <source>Skip the first N results (to page through).</source>
        <translation>跳过前 N 条结果（用于翻页）。</translation>
    </message>
    <message>
        <source>--limit takes a number from 1 to %1; --offset pages through more</source>
        <translation>--limit 需要 1 到 %1 之间的数字；更多结果请用 --offset 翻页</translation>
    </message>
    <message>
        <source>--offset takes a number from 0</source>
        <translation>--offset 需要不小于 0 的数字</translation>
    </message>
    <message>
        <source>the window timed no key</source>
        <translation>窗口没有计时任何按键</translation>
    </message>
    <message>
        <source>The server database URL: the server is asked first and records the export.</source>
        <translation>服务器数据库 URL：先征得服务器同意，并由服务器记录此次导出。</translation>
    </message>
</context>
<context>
    <name>Leadline::Cli::TeamYear</name>
    <message>
        <source>Summing the rollups and indexing…</source>
        <translation>正在汇总并建立索引…</translation>
    </message>
    <message>
        <source>cannot write the benchmark&apos;s team data</source>
        <translation>无法写入基准测试的团队数据</translation>
    </message>
    <message>
        <source>  %1 calls</source>
        <translation>  已写入 %1 条通话</translation>
    </message>
</context>
<context>
    <name>Leadline::ComplianceChecker</name>
    <message>
        <source> (%1)</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <source>%1 is on the do-not-call list: numbers starting %2%3.</source>
        <translation>%1 在禁拨名单中：以 %2 开头的号码%3。</translation>
    </message>
    <message>
        <source>%1 is on the do-not-call list%2.</source>
        <translation>%1 在禁拨名单中%2。</translation>
    </message>
    <message>
        <source>The customer&apos;s local time cannot be determined from %1, so calling hours cannot be checked.</source>
        <translation>无法根据 %1 确定客户当地时间，因此无法校验允许拨打时段。</translation>
    </message>
    <message>
        <source>Customer&apos;s local time is %1, outside the allowed calling hours %2–%3.</source>
        <translation>客户当地时间 %1，不在允许拨打时段 %2–%3</translation>
    </message>
    <message>
        <source>This customer was already called %1 times today (the limit is %2 a day).</source>
        <translation>今天已拨打该客户 %1 次（每日上限 %2 次）。</translation>
    </message>
    <message>
        <source>This customer was already called %1 times (the limit is %2 in total).</source>
        <translation>已拨打该客户 %1 次（累计上限 %2 次）。</translation>
    </message>
    <message>
        <source>The compliance check cannot be made, so the call is not placed: %1</source>
        <translation>无法完成合规检查，因此不拨打此电话：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::CompositionRoot</name>
    <message>
        <source>Saving the unsynced changes and rebuilding the workspace from the server…</source>
        <translation>正在保存未同步的更改并从服务器重建工作区…</translation>
    </message>
    <message>
        <source>Recover the workspace</source>
        <translation>恢复工作区</translation>
    </message>
    <message>
        <source>The workspace was rebuilt from the server.

Unsynced changes saved and sent again: %1 (accepted %2, refused %3).
They stay in %4.
The damaged file was kept as %5.</source>
        <translation>已从服务器重建工作区。

已保存并重新发送的未同步更改：%1 条（接受 %2 条，拒绝 %3 条）。
这些更改仍保留在 %4 中。
损坏的文件已保留为 %5。</translation>
    </message>
    <message>
        <source>The refused changes are listed with the conflicts, with the reason.</source>
        <translation>被拒绝的更改连同原因列在冲突列表中。</translation>
    </message>
    <message>
        <source>Parts of the damaged file&apos;s unsynced changes could not be read: %1.</source>
        <translation>损坏文件中有部分未同步更改无法读取：%1 处。</translation>
    </message>
    <message>
        <source>A recovery of workspace %1 was started and has not finished.</source>
        <translation>工作区 %1 的恢复已开始但尚未完成。</translation>
    </message>
    <message>
        <source>Leadline</source>
        <translation>Leadline</translation>
    </message>
    <message>
        <source>Leadline can rebuild the workspace from the server: the changes not synced yet are saved in a file beside it and sent again, and the damaged file is kept.</source>
        <translation>Leadline 可以从服务器重建工作区：尚未同步的更改会保存到工作区旁边的文件中并重新发送，损坏的文件会保留。</translation>
    </message>
    <message>
        <source>&amp;Recover from the server…</source>
        <translation>从服务器恢复(&amp;R)…</translation>
    </message>
    <message>
        <source>Workspace %1 is whole: there is nothing to recover.</source>
        <translation>工作区 %1 完好：无需恢复。</translation>
    </message>
</context>
<context>
    <name>Leadline::CompositionRoot::SyncSetup</name>
    <message>
        <source>Server…</source>
        <translation>服务器…</translation>
    </message>
    <message>
        <source>Sign in to the shared server</source>
        <translation>登录共享服务器</translation>
    </message>
    <message>
        <source>Not signed in to the server: click &quot;Server…&quot; to sync</source>
        <translation>未登录服务器：点击“服务器…”开始同步</translation>
    </message>
    <message>
        <source>Keychain</source>
        <translation>钥匙串</translation>
    </message>
    <message>
        <source>%1
Sync runs for this session; you will be asked again next time.</source>
        <translation>%1
本次会话将继续同步；下次启动时会再次要求输入密码。</translation>
    </message>
</context>
<context>
    <name>Leadline::ConflictLog</name>
    <message>
        <source>Cannot close the conflict: %1</source>
        <translation>无法关闭该冲突：%1</translation>
    </message>
    <message>
        <source>This conflict was already resolved.</source>
        <translation>该冲突已处理。</translation>
    </message>
    <message>
        <source>The conflicts</source>
        <translation>冲突列表</translation>
    </message>
    <message>
        <source>The refused changes</source>
        <translation>被拒绝的更改</translation>
    </message>
</context>
<context>
    <name>Leadline::CsvReader</name>
    <message>
        <source>The file cannot be read from its start.</source>
        <translation>无法从头读取该文件。</translation>
    </message>
    <message>
        <source>The encoding %1 is not known.</source>
        <translation>未知的编码 %1。</translation>
    </message>
    <message>
        <source>%1 cannot be opened: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>The file cannot be read: %1</source>
        <translation>无法读取该文件：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::CustomerMerger</name>
    <message>
        <source>A customer cannot be merged into itself.</source>
        <translation>客户不能与自身合并。</translation>
    </message>
    <message>
        <source>The customer to keep no longer exists.</source>
        <translation>要保留的客户已不存在。</translation>
    </message>
    <message>
        <source>The duplicate customer no longer exists.</source>
        <translation>重复客户已不存在。</translation>
    </message>
    <message>
        <source>Merged customer %1</source>
        <translation>已合并客户 %1</translation>
    </message>
    <message>
        <source>Merged customer %1 (%2)</source>
        <translation>已合并客户 %1（%2）</translation>
    </message>
    <message>
        <source>The merge could not be saved: %1</source>
        <translation>无法保存合并：%1</translation>
    </message>
    <message>
        <source>This merge cannot be undone any more.</source>
        <translation>此次合并已无法撤销。</translation>
    </message>
    <message>
        <source>The merge has already been sent to the server and cannot be undone.</source>
        <translation>此次合并已提交到服务器，无法撤销。</translation>
    </message>
    <message>
        <source>The merge could not be undone: %1</source>
        <translation>无法撤销合并：%1</translation>
    </message>
    <message>
        <source>The merge could not be undone: unknown table %1.</source>
        <translation>无法撤销合并：未知数据表 %1。</translation>
    </message>
    <message>
        <source>The merge could not be undone: unknown field %1.</source>
        <translation>无法撤销合并：未知字段 %1。</translation>
    </message>
</context>
<context>
    <name>Leadline::CustomerRepository</name>
    <message>
        <source>The customer</source>
        <translation>客户资料</translation>
    </message>
    <message>
        <source>The customer no longer exists (it may have been deleted, merged or reassigned).</source>
        <translation>该客户已不存在（可能已被删除、合并或转给他人）。</translation>
    </message>
    <message>
        <source>A rule cannot change the field %1.</source>
        <translation>规则不能修改字段 %1。</translation>
    </message>
    <message>
        <source>The customer&apos;s tags</source>
        <translation>该客户的标签</translation>
    </message>
</context>
<context>
    <name>Leadline::CustomerSearch</name>
    <message>
        <source>The customer list</source>
        <translation>客户列表</translation>
    </message>
    <message>
        <source>The customer count</source>
        <translation>客户数量</translation>
    </message>
    <message>
        <source>The tags</source>
        <translation>标签列表</translation>
    </message>
    <message>
        <source>The customer sources</source>
        <translation>客户来源列表</translation>
    </message>
</context>
<context>
    <name>Leadline::CustomerValidation</name>
    <message>
        <source>&quot;%1&quot; is not a valid e-mail address.</source>
        <translation>“%1”不是有效的邮箱地址。</translation>
    </message>
    <message>
        <source></source>
        <translation></translation>
    </message>
    <message>
        <source>Contact %1 has no name.</source>
        <translation>第 %1 位联系人未填写姓名。</translation>
    </message>
    <message>
        <source>%1 is required.</source>
        <translation>%1为必填项。</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; is not one of: %3.</source>
        <translation>%1“%2”不在可选范围内：%3。</translation>
    </message>
    <message>
        <source>%1 must be a number, not &quot;%2&quot;.</source>
        <translation>%1必须是数字，而不是“%2”。</translation>
    </message>
    <message>
        <source>%1 must be a date and time, not &quot;%2&quot;.</source>
        <translation>%1必须是日期时间，而不是“%2”。</translation>
    </message>
    <message>
        <source>A tag cannot be empty.</source>
        <translation>标签不能为空。</translation>
    </message>
    <message>
        <source>The tag &quot;%1&quot; is longer than 50 characters.</source>
        <translation>标签“%1”超过 50 个字符。</translation>
    </message>
    <message>
        <source>%1 is longer than %2 characters.</source>
        <translation>%1超过 %2 个字符。</translation>
    </message>
</context>
<context>
    <name>Leadline::DemoWorkspace</name>
    <message>
        <source>The workspace schema does not fit the demo: %1</source>
        <translation>工作区数据结构与演示数据不匹配：%1</translation>
    </message>
    <message>
        <source>The demo data could not be written: %1</source>
        <translation>无法写入演示数据：%1</translation>
    </message>
    <message>
        <source>The demo needs at least one customer.</source>
        <translation>演示数据至少需要一位客户。</translation>
    </message>
    <message>
        <source>The demo takes 1 to 200 agents.</source>
        <translation>演示数据的坐席数须为 1 到 200。</translation>
    </message>
    <message>
        <source>The demo takes 0 to 100 calls per customer.</source>
        <translation>演示数据中每位客户的通话次数须为 0 到 100。</translation>
    </message>
    <message>
        <source>Workspace %1 already has customers or agents; the demo only fills an empty workspace.</source>
        <translation>工作区 %1 中已有客户或坐席；演示数据只能写入空工作区。</translation>
    </message>
    <message>
        <source>The demo staff could not be written: %1</source>
        <translation>无法写入演示人员数据：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::DncList</name>
    <message>
        <source>A prefix starts with + and the country code, e.g. +86400.</source>
        <translation>号码前缀须以 + 和国家代码开头，例如 +86400。</translation>
    </message>
    <message>
        <source>The do-not-call list cannot be read: %1</source>
        <translation>无法读取禁呼名单：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::Exporter</name>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>The customers cannot be read: %1</source>
        <translation>无法读取客户：%1</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通话</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Duration (s)</source>
        <translation>时长（秒）</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>The calls cannot be read: %1</source>
        <translation>无法读取通话记录：%1</translation>
    </message>
    <message>
        <source>%1 cannot be written: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>Leadline::FieldCatalogue</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>&amp;Company</source>
        <translation>公司(&amp;C)</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>职位</translation>
    </message>
    <message>
        <source>Tit&amp;le</source>
        <translation>职位(&amp;L)</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>&amp;E-mail</source>
        <translation>邮箱(&amp;E)</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>&amp;Industry</source>
        <translation>行业(&amp;I)</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地区</translation>
    </message>
    <message>
        <source>&amp;Region</source>
        <translation>地区(&amp;R)</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>So&amp;urce</source>
        <translation>来源(&amp;U)</translation>
    </message>
    <message>
        <source>Customer type</source>
        <translation>客户类型</translation>
    </message>
    <message>
        <source>Customer t&amp;ype</source>
        <translation>客户类型(&amp;Y)</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>&amp;Stage</source>
        <translation>阶段(&amp;S)</translation>
    </message>
    <message>
        <source>Intent</source>
        <translation>意向</translation>
    </message>
    <message>
        <source>In&amp;tent</source>
        <translation>意向(&amp;T)</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>&amp;Owner</source>
        <translation>负责人(&amp;O)</translation>
    </message>
    <message>
        <source>Deal amount</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>&amp;Deal amount</source>
        <translation>成交金额(&amp;D)</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Ta&amp;gs</source>
        <translation>标签(&amp;G)</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Custom fields</source>
        <translation>自定义字段</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>分配时间</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <source>Last changed</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Contact name</source>
        <translation>联系人姓名</translation>
    </message>
    <message>
        <source>Contact title</source>
        <translation>联系人职位</translation>
    </message>
    <message>
        <source>Contact e-mail</source>
        <translation>联系人邮箱</translation>
    </message>
    <message>
        <source>Primary contact</source>
        <translation>主要联系人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
</context>
<context>
    <name>Leadline::ImportDirectWriter</name>
    <message>
        <source>The workspace is not an SQLite database.</source>
        <translation>工作区不是 SQLite 数据库。</translation>
    </message>
    <message>
        <source>The workspace could not save the change: %1</source>
        <translation>工作区无法保存更改：%1</translation>
    </message>
    <message>
        <source>The workspace could not save the change: %1 (%2)</source>
        <translation>工作区无法保存更改：%1（%2）</translation>
    </message>
</context>
<context>
    <name>Leadline::ImportRowBuilder</name>
    <message>
        <source>%1 is a number Excel shortened; the full phone number is lost (format the column as text and save the file again).</source>
        <translation>%1 是被 Excel 缩写的数字，完整的电话号码已丢失（请把该列设为文本格式后重新保存文件）。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not one of: %2</source>
        <translation>“%1”不在可选值中：%2</translation>
    </message>
    <message>
        <source>no user has the login or name &quot;%1&quot;</source>
        <translation>没有登录名或姓名为“%1”的用户</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a number</source>
        <translation>“%1”不是数字</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a date</source>
        <translation>“%1”不是日期</translation>
    </message>
    <message>
        <source>the row has no name</source>
        <translation>该行没有姓名</translation>
    </message>
    <message>
        <source>%1 is not a phone number</source>
        <translation>%1 不是电话号码</translation>
    </message>
    <message>
        <source>%1 is not an e-mail address</source>
        <translation>%1 不是邮箱地址</translation>
    </message>
    <message>
        <source>the row has neither a phone number nor an e-mail address</source>
        <translation>该行既没有电话号码也没有邮箱</translation>
    </message>
</context>
<context>
    <name>Leadline::ImportUndo</name>
    <message>
        <source>There is no import batch %1 in this workspace.</source>
        <translation>此工作区中没有导入批次 %1。</translation>
    </message>
    <message>
        <source>The import batch %1 was already undone.</source>
        <translation>导入批次 %1 已经撤销过了。</translation>
    </message>
    <message>
        <source>The import batch %1 cannot be read.</source>
        <translation>无法读取导入批次 %1。</translation>
    </message>
    <message>
        <source>The import batch %1 cannot be marked undone.</source>
        <translation>无法将导入批次 %1 标记为已撤销。</translation>
    </message>
    <message>
        <source>The import batches cannot be read: %1</source>
        <translation>无法读取导入批次：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::Importer</name>
    <message>
        <source>The file has no header row %1.</source>
        <translation>文件中没有第 %1 行作为标题行。</translation>
    </message>
    <message>
        <source>No column holds the customer&apos;s name (headers: %1).</source>
        <translation>没有哪一列是客户姓名（列标题：%1）。</translation>
    </message>
    <message>
        <source>No column holds a phone number or an e-mail address (headers: %1).</source>
        <translation>没有哪一列是电话号码或邮箱（列标题：%1）。</translation>
    </message>
    <message>
        <source>No active user has the login &quot;%1&quot;.</source>
        <translation>没有登录名为“%1”的在职用户。</translation>
    </message>
    <message>
        <source>The team &quot;%1&quot; has no active members.</source>
        <translation>团队“%1”没有在职成员。</translation>
    </message>
    <message>
        <source>The import batch cannot be recorded in the workspace: %1</source>
        <translation>无法在工作区中记录导入批次：%1</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>the row cannot be saved</source>
        <translation>该行无法保存</translation>
    </message>
</context>
<context>
    <name>Leadline::KpiAccess</name>
    <message>
        <source>Nobody is signed in to this workspace, so there are no figures to show. Sign in first.</source>
        <translation>此工作区尚无登录用户，无法显示业绩数据。请先登录。</translation>
    </message>
    <message>
        <source>%1 is not in a team you supervise: you may see only your teams&apos; figures.</source>
        <translation>%1 不在您管理的团队中：您只能查看自己团队的数据。</translation>
    </message>
    <message>
        <source>Agents may see only their own figures, not those of %1.</source>
        <translation>坐席只能查看自己的数据，不能查看 %1 的数据。</translation>
    </message>
    <message>
        <source>There is no agent &quot;%1&quot;.</source>
        <translation>没有坐席“%1”。</translation>
    </message>
    <message>
        <source>There is no team &quot;%1&quot;.</source>
        <translation>没有团队“%1”。</translation>
    </message>
    <message>
        <source>Only the team&apos;s supervisors and admins may see the figures of team &quot;%1&quot;.</source>
        <translation>只有该团队的主管和管理员可以查看团队“%1”的数据。</translation>
    </message>
    <message>
        <source>The people</source>
        <translation>人员列表</translation>
    </message>
    <message>
        <source>The teams</source>
        <translation>团队列表</translation>
    </message>
</context>
<context>
    <name>Leadline::KpiEngine</name>
    <message>
        <source>Choose a period whose start is not after its end.</source>
        <translation>请选择开始日期不晚于结束日期的时间段。</translation>
    </message>
</context>
<context>
    <name>Leadline::KpiPeriod</name>
    <message>
        <source>The start date &quot;%1&quot; is not a date like 2026-03-01.</source>
        <translation>开始日期“%1”不是有效日期，格式如 2026-03-01。</translation>
    </message>
    <message>
        <source>The end date &quot;%1&quot; is not a date like 2026-03-31.</source>
        <translation>结束日期“%1”不是有效日期，格式如 2026-03-31。</translation>
    </message>
    <message>
        <source>The start date %1 is after the end date %2.</source>
        <translation>开始日期 %1 晚于结束日期 %2。</translation>
    </message>
</context>
<context>
    <name>Leadline::KpiRollups</name>
    <message>
        <source>The KPI rollups could not be rebuilt: %1</source>
        <translation>无法重建业绩汇总：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::LeadKpiQuery</name>
    <message>
        <source>The lead figures could not be read: %1</source>
        <translation>无法读取线索数据：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::LeadPool</name>
    <message>
        <source>Sign in before claiming leads.</source>
        <translation>请先登录，再领取线索。</translation>
    </message>
    <message>
        <source>Leads you can still claim today: %1 (the daily limit is %2).</source>
        <translation>今天还可领取 %1 条线索（每日上限 %2 条）。</translation>
    </message>
    <message>
        <source>claimed from the pool</source>
        <translation>从公海领取</translation>
    </message>
    <message>
        <source>Choose an active agent to give the leads to.</source>
        <translation>请选择一位在职坐席来接收线索。</translation>
    </message>
    <message>
        <source>assigned from the pool</source>
        <translation>从公海分配</translation>
    </message>
    <message>
        <source>A lead you picked is no longer in the pool; refresh and try again.</source>
        <translation>所选线索中有线索已不在公海中，请刷新后重试。</translation>
    </message>
    <message>
        <source>The workspace could not look for leads to return to the pool.</source>
        <translation>工作区无法查找需退回公海的线索。</translation>
    </message>
    <message>
        <source>returned to the pool: no call within %1 h of assignment</source>
        <translation>退回公海：分配后 %1 小时内未拨打</translation>
    </message>
    <message>
        <source>The lead pool</source>
        <translation>公海</translation>
    </message>
    <message>
        <source>The leads that return to the pool</source>
        <translation>即将回收到公海的线索</translation>
    </message>
    <message>
        <source>The leads claimed today</source>
        <translation>今日已领取的线索</translation>
    </message>
</context>
<context>
    <name>Leadline::LocalStore</name>
    <message>
        <source>Workspace %1 does not exist.</source>
        <translation>工作区 %1 不存在。</translation>
    </message>
    <message>
        <source>Workspace %1 is not a file.</source>
        <translation>工作区 %1 不是文件。</translation>
    </message>
    <message>
        <source>Workspace %1 cannot be read (permission denied).</source>
        <translation>无法读取工作区 %1（权限不足）。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Workspace %1 is damaged or is not a Leadline workspace (%2).</source>
        <translation>工作区 %1 已损坏或不是 Leadline 工作区（%2）。</translation>
    </message>
    <message>
        <source>Cannot save workspace setting %1: %2</source>
        <translation>无法保存工作区设置 %1：%2</translation>
    </message>
    <message>
        <source>Workspace %1 is an empty file, not a workspace. Nothing was changed; create a new workspace there only if that is what you want.</source>
        <translation>工作区 %1 是空文件，不是工作区。未做任何更改；只有确需如此时才在此新建工作区。</translation>
    </message>
    <message>
        <source>%1 is a database of another program, not a Leadline workspace. It was left unchanged.</source>
        <translation>%1 是其他程序的数据库，不是 Leadline 工作区。未做任何更改。</translation>
    </message>
    <message>
        <source>Workspace %1 is an empty database, not a workspace. Nothing was changed; create a new workspace there only if that is what you want.</source>
        <translation>工作区 %1 是空数据库，不是工作区。未做任何更改；只有确需如此时才在此新建工作区。</translation>
    </message>
</context>
<context>
    <name>Leadline::Migrations</name>
    <message>
        <source>Cannot read the workspace&apos;s schema version.</source>
        <translation>无法读取工作区的数据结构版本。</translation>
    </message>
    <message>
        <source>This workspace was written by a newer Leadline (schema %1; this version supports up to %2). Please update Leadline.</source>
        <translation>此工作区由更新版本的 Leadline 创建（数据结构版本 %1；当前版本最高支持 %2）。请升级 Leadline。</translation>
    </message>
    <message>
        <source>Schema step %1 is missing from this build.</source>
        <translation>当前版本缺少数据结构升级步骤 %1。</translation>
    </message>
    <message>
        <source>Schema step %1 failed: %2</source>
        <translation>数据结构升级步骤 %1 失败：%2</translation>
    </message>
    <message>
        <source>Cannot record schema step %1: %2</source>
        <translation>无法记录数据结构升级步骤 %1：%2</translation>
    </message>
</context>
<context>
    <name>Leadline::OutboxPusher</name>
    <message>
        <source>The workspace could not record the server&apos;s answer: %1</source>
        <translation>工作区无法记录服务器的响应：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::Permissions</name>
    <message>
        <source>You are not signed in as an active user of this workspace.</source>
        <translation>你未以此工作区的在用用户身份登录。</translation>
    </message>
    <message>
        <source>Only supervisors can assign leads from the pool.</source>
        <translation>只有主管可以从公海分配线索。</translation>
    </message>
    <message>
        <source>Only supervisors can reassign tasks.</source>
        <translation>只有主管可以转派待办。</translation>
    </message>
    <message>
        <source>Only the task&apos;s assignee or a supervisor can change this task.</source>
        <translation>只有该待办的负责人或主管可以修改此待办。</translation>
    </message>
    <message>
        <source>Only its author can change this call or note.</source>
        <translation>只有记录者本人可以修改此通话或备注。</translation>
    </message>
    <message>
        <source>Only supervisors can change a customer&apos;s owner.</source>
        <translation>只有主管可以更改客户的负责人。</translation>
    </message>
    <message>
        <source>Only supervisors and admins can merge customers.</source>
        <translation>只有主管和管理员可以合并客户。</translation>
    </message>
    <message>
        <source>Only supervisors and admins can change the knowledge base.</source>
        <translation>只有主管和管理员可以修改知识库。</translation>
    </message>
    <message>
        <source>Only supervisors and admins can change the dispositions.</source>
        <translation>只有主管和管理员可以修改通话结果。</translation>
    </message>
    <message>
        <source>Phone numbers are masked for agents.</source>
        <translation>坐席看到的电话号码已做掩码处理。</translation>
    </message>
    <message>
        <source>Only admins can change policies and the do-not-call list.</source>
        <translation>只有管理员可以修改策略和免打扰名单。</translation>
    </message>
    <message>
        <source>Only admins can manage users.</source>
        <translation>只有管理员可以管理用户。</translation>
    </message>
    <message>
        <source>You may not do this.</source>
        <translation>你无权执行此操作。</translation>
    </message>
    <message>
        <source>Only supervisors and admins can read the audit log.</source>
        <translation>只有主管和管理员可以查看审计日志。</translation>
    </message>
    <message>
        <source>Only supervisors and admins can change the rules.</source>
        <translation>只有主管和管理员可以修改规则。</translation>
    </message>
    <message>
        <source>Only supervisors and admins can import lead lists.</source>
        <translation>只有主管和管理员可以导入线索名单。</translation>
    </message>
    <message>
        <source>Only supervisors and admins can export data.</source>
        <translation>只有主管和管理员可以导出数据。</translation>
    </message>
    <message>
        <source>This workspace is read-only: its file or folder may not be written.</source>
        <translation>此工作区为只读：其文件或文件夹不可写入。</translation>
    </message>
</context>
<context>
    <name>Leadline::PhoneNumbers</name>
    <message>
        <source>unknown country code</source>
        <translation>未知国家代码</translation>
    </message>
    <message>
        <source>too short</source>
        <translation>位数过少</translation>
    </message>
    <message>
        <source>too long</source>
        <translation>位数过多</translation>
    </message>
    <message>
        <source>not a phone number</source>
        <translation>不是电话号码</translation>
    </message>
    <message>
        <source>Phone number is empty.</source>
        <translation>电话号码为空。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid phone number (%2).</source>
        <translation>“%1”不是有效的电话号码（%2）。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid phone number.</source>
        <translation>“%1”不是有效的电话号码。</translation>
    </message>
</context>
<context>
    <name>Leadline::PresenceWorker</name>
    <message>
        <source>The live floor cannot reach the server.</source>
        <translation>实时看板无法连接服务器。</translation>
    </message>
</context>
<context>
    <name>Leadline::QueueQuery</name>
    <message>
        <source>My queue</source>
        <translation>我的待办</translation>
    </message>
</context>
<context>
    <name>Leadline::ReadError</name>
    <message>
        <source>%1 could not be read: the workspace file is damaged (%2). Nothing shown here is complete; check or rebuild the workspace.</source>
        <translation>无法读取%1：工作区文件已损坏（%2）。此处显示的内容不完整，请检查或重建工作区。</translation>
    </message>
    <message>
        <source>%1 could not be read: %2</source>
        <translation>无法读取%1：%2</translation>
    </message>
</context>
<context>
    <name>Leadline::ReferenceRepository</name>
    <message>
        <source>The list of agents</source>
        <translation>坐席列表</translation>
    </message>
    <message>
        <source>The list of teams</source>
        <translation>团队列表</translation>
    </message>
    <message>
        <source>The dispositions</source>
        <translation>通话结果列表</translation>
    </message>
    <message>
        <source>The policies</source>
        <translation>策略设置</translation>
    </message>
</context>
<context>
    <name>Leadline::RefusalReason</name>
    <message>
        <source>This customer is no longer yours: it was reassigned or claimed by someone else.</source>
        <translation>该客户已不属于你：已被转给他人或被他人领取。</translation>
    </message>
    <message>
        <source>Only supervisors and administrators reassign customers and to-dos.</source>
        <translation>只有主管和管理员可以转派客户和待办。</translation>
    </message>
    <message>
        <source>You have reached today&apos;s limit of leads claimed from the pool.</source>
        <translation>你今天从公海领取的线索已达上限。</translation>
    </message>
    <message>
        <source>Only its author may change or delete this entry.</source>
        <translation>只有记录者本人可以修改或删除此记录。</translation>
    </message>
    <message>
        <source>Only the person it is assigned to, or a supervisor, may change or complete this to-do.</source>
        <translation>只有该待办的负责人或主管可以修改或完成此待办。</translation>
    </message>
    <message>
        <source>Only administrators may do this.</source>
        <translation>只有管理员可以执行此操作。</translation>
    </message>
    <message>
        <source>Your role may not delete this record.</source>
        <translation>你的角色无权删除此记录。</translation>
    </message>
    <message>
        <source>Your role may not change this field.</source>
        <translation>你的角色无权修改此字段。</translation>
    </message>
    <message>
        <source>The change refers to a record that does not exist on the server or does not belong with it.</source>
        <translation>此更改引用的记录在服务器上不存在，或与之不匹配。</translation>
    </message>
    <message>
        <source>A value is outside what this field allows.</source>
        <translation>有字段的取值超出了允许范围。</translation>
    </message>
    <message>
        <source>The name is already used by another record.</source>
        <translation>该名称已被其他记录使用。</translation>
    </message>
    <message>
        <source>Your account is disabled: ask your administrator.</source>
        <translation>你的账号已被停用：请联系管理员。</translation>
    </message>
    <message>
        <source>The new owner is not an active user.</source>
        <translation>新的负责人不是在用的用户。</translation>
    </message>
    <message>
        <source>The record does not exist on the server.</source>
        <translation>服务器上不存在该记录。</translation>
    </message>
    <message>
        <source>Only supervisors and administrators merge customers.</source>
        <translation>只有主管和管理员可以合并客户。</translation>
    </message>
    <message>
        <source>Imports are for supervisors and administrators: the server refused this imported record.</source>
        <translation>导入仅限主管和管理员：服务器拒绝了这条导入的记录。</translation>
    </message>
    <message>
        <source>Exports are for supervisors and administrators: the server refused the export.</source>
        <translation>导出仅限主管和管理员：服务器拒绝了此次导出。</translation>
    </message>
</context>
<context>
    <name>Leadline::RowApplier</name>
    <message>
        <source>The server sent a %1 row without an id.</source>
        <translation>服务器发送了一条缺少 id 的 %1 记录。</translation>
    </message>
    <message>
        <source>The workspace could not store a change from the server: %1</source>
        <translation>工作区无法保存来自服务器的更改：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::RuleRepository</name>
    <message>
        <source>The rules could not be read: %1</source>
        <translation>无法读取规则：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::RuleRunner</name>
    <message>
        <source>The rules could not be read: %1</source>
        <translation>无法读取规则：%1</translation>
    </message>
    <message>
        <source>To-do: %1</source>
        <translation>待办：%1</translation>
    </message>
    <message>
        <source>Reminder to %1: %2</source>
        <translation>提醒 %1：%2</translation>
    </message>
    <message>
        <source>%1 set to %2</source>
        <translation>%1 设为 %2</translation>
    </message>
    <message>
        <source>Tag added: %1</source>
        <translation>添加标签：%1</translation>
    </message>
    <message>
        <source>Tag removed: %1</source>
        <translation>移除标签：%1</translation>
    </message>
    <message>
        <source>Nurture list: %1</source>
        <translation>转入培育名单：%1</translation>
    </message>
    <message>
        <source>Stage: %1 → %2</source>
        <translation>阶段：%1 → %2</translation>
    </message>
    <message>
        <source>No agent to assign to</source>
        <translation>没有可分配的坐席</translation>
    </message>
    <message>
        <source>Back to the pool</source>
        <translation>退回公海</translation>
    </message>
    <message>
        <source>Assigned to %1</source>
        <translation>分配给 %1</translation>
    </message>
    <message>
        <source>No active agent to assign the customer to.</source>
        <translation>没有可分配该客户的在职坐席。</translation>
    </message>
    <message>
        <source>Why: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <source>Stopped a cascade of rules at depth %1: %2</source>
        <translation>规则连锁触发在第 %1 层被终止：%2</translation>
    </message>
    <message>
        <source>The rules&apos; runs could not be read: %1</source>
        <translation>无法读取规则执行记录：%1</translation>
    </message>
    <message>
        <source>The changes since the last sweep could not be read: %1</source>
        <translation>无法读取上次扫描以来的更改：%1</translation>
    </message>
    <message>
        <source>The lead scores&apos; next changes could not be stored: %1</source>
        <translation>无法保存线索评分的下次变化时间：%1</translation>
    </message>
    <message>
        <source>The changes since the last sweep could not be cleared: %1</source>
        <translation>无法清除上次扫描以来的更改记录：%1</translation>
    </message>
    <message>
        <source>The rules&apos; sweep was stopped; the next one goes on from here.</source>
        <translation>规则巡检已停止；下一次将从这里继续。</translation>
    </message>
</context>
<context>
    <name>Leadline::Rules</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>a number or a duration</source>
        <translation>数字或时长</translation>
    </message>
    <message>
        <source>a customer field, last_call.… or last_todo.…</source>
        <translation>客户字段、last_call.… 或 last_todo.…</translation>
    </message>
    <message>
        <source>a field such as &quot;%1&quot;</source>
        <translation>字段，例如 &quot;%1&quot;</translation>
    </message>
    <message>
        <source>a function (%1)</source>
        <translation>函数（%1）</translation>
    </message>
    <message>
        <source>the number of arguments %1 takes (%2)</source>
        <translation>%1 的参数个数（%2 个）</translation>
    </message>
    <message>
        <source>a number of days or a duration</source>
        <translation>天数或时长</translation>
    </message>
    <message>
        <source>text or a list of text</source>
        <translation>文本或文本列表</translation>
    </message>
    <message>
        <source>text or a number</source>
        <translation>文本或数字</translation>
    </message>
    <message>
        <source>a single value</source>
        <translation>单个值</translation>
    </message>
    <message>
        <source>a number, a date or a duration</source>
        <translation>数字、日期或时长</translation>
    </message>
    <message>
        <source>a duration or a date</source>
        <translation>时长或日期</translation>
    </message>
    <message>
        <source>a value</source>
        <translation>一个值</translation>
    </message>
    <message>
        <source>the end of the rule</source>
        <translation>规则结尾</translation>
    </message>
    <message>
        <source>a known value</source>
        <translation>已知的值</translation>
    </message>
    <message>
        <source>a stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>an intent level</source>
        <translation>意向等级</translation>
    </message>
    <message>
        <source>a customer type</source>
        <translation>客户类型</translation>
    </message>
    <message>
        <source>a disposition</source>
        <translation>通话结果</translation>
    </message>
    <message>
        <source>a todo kind</source>
        <translation>待办类型</translation>
    </message>
    <message>
        <source>expected %1, but found %2</source>
        <translation>需要%1，但遇到 %2</translation>
    </message>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation>第 %1 行第 %2 列：%3</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>a closing %1 for the text that starts here</source>
        <translation>与此处开始的文本配对的结束引号 %1</translation>
    </message>
    <message>
        <source>the end of the line</source>
        <translation>行尾</translation>
    </message>
    <message>
        <source>a date like 2026-11-27 or 2026-11-27T09:30</source>
        <translation>日期，例如 2026-11-27 或 2026-11-27T09:30</translation>
    </message>
    <message>
        <source>a number below 1,000,000,000,000</source>
        <translation>小于 1,000,000,000,000 的数字</translation>
    </message>
    <message>
        <source>a number or a duration such as 3d, 24h, 30m or 2w</source>
        <translation>数字或时长，例如 3d、24h、30m 或 2w</translation>
    </message>
    <message>
        <source>&quot;not&quot; or &quot;!=&quot;</source>
        <translation>&quot;not&quot; 或 &quot;!=&quot;</translation>
    </message>
    <message>
        <source>&quot;and&quot;</source>
        <translation>&quot;and&quot;</translation>
    </message>
    <message>
        <source>&quot;or&quot;</source>
        <translation>&quot;or&quot;</translation>
    </message>
    <message>
        <source>at most %1 bytes of text</source>
        <translation>最多 %1 字节的文本</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>&quot;and&quot;, &quot;or&quot; or the end of the rule</source>
        <translation>&quot;and&quot;、&quot;or&quot; 或规则结尾</translation>
    </message>
    <message>
        <source>at most %1 parts in one condition</source>
        <translation>一个条件最多 %1 个组成部分</translation>
    </message>
    <message>
        <source>part %1</source>
        <translation>第 %1 个部分</translation>
    </message>
    <message>
        <source>at most %1 levels of brackets, lists, calls and &quot;not&quot;</source>
        <translation>最多 %1 层括号、列表、函数调用和 &quot;not&quot;</translation>
    </message>
    <message>
        <source>level %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message>
        <source>&quot;,&quot; or &quot;]&quot;</source>
        <translation>&quot;,&quot; 或 &quot;]&quot;</translation>
    </message>
    <message>
        <source>&quot;,&quot; or &quot;)&quot;</source>
        <translation>&quot;,&quot; 或 &quot;)&quot;</translation>
    </message>
    <message>
        <source>a field name</source>
        <translation>字段名</translation>
    </message>
    <message>
        <source>null</source>
        <translation>空值（null）</translation>
    </message>
    <message>
        <source>a true/false condition</source>
        <translation>是非条件</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>a date and time</source>
        <translation>日期时间</translation>
    </message>
    <message>
        <source>a duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>a list of text</source>
        <translation>文本列表</translation>
    </message>
    <message>
        <source>a list of numbers</source>
        <translation>数字列表</translation>
    </message>
    <message>
        <source>an empty list</source>
        <translation>空列表</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Industry fit</source>
        <translation>行业匹配</translation>
    </message>
    <message>
        <source>Region fit</source>
        <translation>地区匹配</translation>
    </message>
    <message>
        <source>Decision maker</source>
        <translation>决策人</translation>
    </message>
    <message>
        <source>Intent</source>
        <translation>意向</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Connected calls</source>
        <translation>已接通通话</translation>
    </message>
    <message>
        <source>Recent contact</source>
        <translation>近期联系</translation>
    </message>
    <message>
        <source>Capped at the maximum</source>
        <translation>封顶</translation>
    </message>
    <message>
        <source>%1%2 %3: %4</source>
        <translation>%1%2 %3：%4</translation>
    </message>
    <message>
        <source>a duration of at most 10,000 years</source>
        <translation>不超过 10,000 年的时长</translation>
    </message>
    <message>
        <source>Unknown merge field {%1}; use a customer field such as {name} or {company}.</source>
        <translation>未知的合并字段 {%1}；请使用客户字段，例如 {name} 或 {company}。</translation>
    </message>
    <message>
        <source>A rule needs a name.</source>
        <translation>规则需要一个名称。</translation>
    </message>
    <message>
        <source>The trigger watches an unknown field &quot;%1&quot;.</source>
        <translation>触发条件监视的字段“%1”不存在。</translation>
    </message>
    <message>
        <source>The trigger waits for an unknown stage &quot;%1&quot;.</source>
        <translation>触发条件等待的阶段“%1”不存在。</translation>
    </message>
    <message>
        <source>The trigger waits for an unknown disposition &quot;%1&quot;.</source>
        <translation>触发条件等待的通话结果“%1”不存在。</translation>
    </message>
    <message>
        <source>A rule needs at least one action.</source>
        <translation>规则至少需要一个动作。</translation>
    </message>
    <message>
        <source>The todo needs a title.</source>
        <translation>待办需要一个标题。</translation>
    </message>
    <message>
        <source>A todo is a callback, a task or a meeting, not &quot;%1&quot;.</source>
        <translation>待办类型只能是 callback、task 或 meeting，而不是“%1”。</translation>
    </message>
    <message>
        <source>The due offset &quot;%1&quot; is not a duration such as 1h or 2d.</source>
        <translation>到期偏移“%1”不是时长，例如 1h 或 2d。</translation>
    </message>
    <message>
        <source>The priority is 1 (high), 2 (normal) or 3 (low).</source>
        <translation>优先级为 1（高）、2（普通）或 3（低）。</translation>
    </message>
    <message>
        <source>A rule cannot set the field &quot;%1&quot;.</source>
        <translation>规则不能设置字段“%1”。</translation>
    </message>
    <message>
        <source>The action needs a tag.</source>
        <translation>该动作需要一个标签。</translation>
    </message>
    <message>
        <source>Unknown stage &quot;%1&quot;.</source>
        <translation>未知阶段“%1”。</translation>
    </message>
    <message>
        <source>Assigning to an agent needs the agent&apos;s login.</source>
        <translation>分配给坐席需要填写坐席的登录名。</translation>
    </message>
    <message>
        <source>Round-robin assignment needs a team.</source>
        <translation>轮流分配需要指定团队。</translation>
    </message>
    <message>
        <source>Assign to an agent, round-robin in a team, the least-loaded agent or the pool, not &quot;%1&quot;.</source>
        <translation>分配方式为指定坐席、团队内轮流、最空闲的坐席或退回公海，而不是“%1”。</translation>
    </message>
    <message>
        <source>Notify the owner, the supervisor or both.</source>
        <translation>通知负责人、主管或两者。</translation>
    </message>
    <message>
        <source>The notification needs a message.</source>
        <translation>通知需要消息内容。</translation>
    </message>
    <message>
        <source>The action needs the nurture list&apos;s name.</source>
        <translation>该动作需要培育名单的名称。</translation>
    </message>
    <message>
        <source>The workspace could not be read: %1</source>
        <translation>无法读取工作区：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::ScoreWeights</name>
    <message>
        <source>The score weights are not readable.</source>
        <translation>评分权重无法读取。</translation>
    </message>
    <message>
        <source>Every weight needs a value to match.</source>
        <translation>每条权重都需要一个匹配值。</translation>
    </message>
    <message>
        <source>%1 is given %2 points; points are within ±100.</source>
        <translation>“%1”为 %2 分；分值须在 ±100 以内。</translation>
    </message>
    <message>
        <source>Call and contact points are within ±100 (the cap within 0 to 1,000).</source>
        <translation>通话和联系的分值须在 ±100 以内（上限在 0 到 1,000 之间）。</translation>
    </message>
    <message>
        <source>The half-life is 0 to 3,650 days (0: no decay).</source>
        <translation>半衰期为 0 到 3,650 天（0：不衰减）。</translation>
    </message>
    <message>
        <source>The thresholds must be 0 ≤ warm ≤ hot ≤ maximum ≤ 1,000.</source>
        <translation>阈值须满足 0 ≤ 温 ≤ 热 ≤ 最高分 ≤ 1,000。</translation>
    </message>
    <message>
        <source>The score weights could not be read: %1</source>
        <translation>无法读取评分权重：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::ScriptRenderer</name>
    <message>
        <source>⟦unknown: %1⟧</source>
        <translation>⟦未知字段：%1⟧</translation>
    </message>
    <message>
        <source>⟦missing: %1⟧</source>
        <translation>⟦缺少数据：%1⟧</translation>
    </message>
</context>
<context>
    <name>Leadline::SearchIndex</name>
    <message>
        <source>The customer search index could not be rebuilt: %1</source>
        <translation>无法重建客户搜索索引：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::SearchTokens</name>
    <message>
        <source>The workspace is not an SQLite database.</source>
        <translation>工作区不是 SQLite 数据库。</translation>
    </message>
    <message>
        <source>Cannot prepare customer search: %1</source>
        <translation>无法准备客户搜索：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::ServerConnection</name>
    <message>
        <source>The PostgreSQL driver for Qt (QPSQL) is not installed.</source>
        <translation>未安装 Qt 的 PostgreSQL 驱动（QPSQL）。</translation>
    </message>
    <message>
        <source>Cannot connect to the server %1: %2</source>
        <translation>无法连接服务器 %1：%2</translation>
    </message>
    <message>
        <source>Your account is disabled: ask your administrator.</source>
        <translation>你的账号已被停用：请联系管理员。</translation>
    </message>
    <message>
        <source>The server %1 refused the sign-in as %2: wrong login or password.</source>
        <translation>服务器 %1 拒绝以 %2 登录：用户名或密码错误。</translation>
    </message>
    <message>
        <source>The server %1 does not accept %2 from this computer: ask your administrator (%3).</source>
        <translation>服务器 %1 不允许 %2 从这台电脑登录，请联系管理员（%3）。</translation>
    </message>
</context>
<context>
    <name>Leadline::ServerExportClearance</name>
    <message>
        <source>The server refused the export: %1</source>
        <translation>服务器拒绝了此次导出：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::ServerGateway</name>
    <message>
        <source>The server answered %1 of %2 changes.</source>
        <translation>服务器只响应了 %2 项更改中的 %1 项。</translation>
    </message>
    <message>
        <source>The server sent an answer this client cannot read.</source>
        <translation>服务器返回的响应无法被本客户端识别。</translation>
    </message>
    <message>
        <source>The server sent an answer this client cannot read: %1</source>
        <translation>服务器返回的响应无法被本客户端识别：%1</translation>
    </message>
    <message>
        <source>The server connection is not a PostgreSQL connection.</source>
        <translation>服务器连接不是 PostgreSQL 连接。</translation>
    </message>
    <message>
        <source>The server could not send its data: %1</source>
        <translation>服务器无法发送数据：%1</translation>
    </message>
    <message>
        <source>The server sent a %1 row this client cannot read.</source>
        <translation>服务器发送的 %1 记录无法被本客户端识别。</translation>
    </message>
    <message>
        <source>Your account is disabled: ask your administrator.</source>
        <translation>你的账号已被停用：请联系管理员。</translation>
    </message>
    <message>
        <source>This login is not a Leadline user on this server: ask your administrator.</source>
        <translation>此登录名不是该服务器上的 Leadline 用户：请联系管理员。</translation>
    </message>
</context>
<context>
    <name>Leadline::ServerMaintenance</name>
    <message>
        <source>The offline window must be at least one day.</source>
        <translation>离线窗口至少为一天。</translation>
    </message>
</context>
<context>
    <name>Leadline::ServerSchema</name>
    <message>
        <source>Server schema step %1 is missing from this build.</source>
        <translation>当前版本缺少服务器数据库结构升级步骤 %1。</translation>
    </message>
    <message>
        <source>Cannot start the server schema upgrade.</source>
        <translation>无法开始升级服务器数据库结构。</translation>
    </message>
    <message>
        <source>Server schema step %1 failed: %2</source>
        <translation>服务器数据库结构升级步骤 %1 失败：%2</translation>
    </message>
    <message>
        <source>Cannot record server schema step %1.</source>
        <translation>无法记录服务器数据库结构升级步骤 %1。</translation>
    </message>
    <message>
        <source>The server schema is %1, newer than this Leadline supports (%2): please update Leadline.</source>
        <translation>服务器数据库结构版本为 %1，高于当前 Leadline 支持的版本（%2）：请升级 Leadline。</translation>
    </message>
</context>
<context>
    <name>Leadline::ServerUrl</name>
    <message>
        <source>The server address must start with postgresql:// (for example postgresql://user@host:5432/leadline).</source>
        <translation>服务器地址必须以 postgresql:// 开头（例如 postgresql://user@host:5432/leadline）。</translation>
    </message>
    <message>
        <source>The server address names no database (…/dbname).</source>
        <translation>服务器地址中未指定数据库（…/dbname）。</translation>
    </message>
    <message>
        <source>Unknown sslmode &quot;%1&quot; (use one of: %2).</source>
        <translation>未知的 sslmode“%1”（可选值：%2）。</translation>
    </message>
    <message>
        <source>The server address is not a valid URL: check the host and port, and percent-encode special characters in the user name and password.</source>
        <translation>服务器地址不是有效的 URL：请检查主机和端口，并对用户名和密码中的特殊字符进行百分号编码。</translation>
    </message>
</context>
<context>
    <name>Leadline::ServerUsers</name>
    <message>
        <source>Cannot add the user: %1</source>
        <translation>无法添加用户：%1</translation>
    </message>
    <message>
        <source>The login %1 is reserved.</source>
        <translation>登录名 %1 为系统保留名称。</translation>
    </message>
    <message>
        <source>The password needs at least 8 characters.</source>
        <translation>密码至少需要 8 个字符。</translation>
    </message>
    <message>
        <source>The role must be agent, supervisor or admin.</source>
        <translation>角色必须为 agent（坐席）、supervisor（主管）或 admin（管理员）。</translation>
    </message>
    <message>
        <source>The user needs a name.</source>
        <translation>请填写用户姓名。</translation>
    </message>
    <message>
        <source>A login is 2 to 63 characters: lower-case letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;, starting with a letter.</source>
        <translation>登录名须为 2 到 63 个字符，只能包含小写字母、数字、“_”、“.”或“-”，且以字母开头。</translation>
    </message>
</context>
<context>
    <name>Leadline::SimulatedDialer</name>
    <message>
        <source>A call is already in progress.</source>
        <translation>已有通话正在进行。</translation>
    </message>
    <message>
        <source>There is no number to dial.</source>
        <translation>没有可拨打的号码。</translation>
    </message>
</context>
<context>
    <name>Leadline::SnapshotLoader</name>
    <message>
        <source>The workspace could not store the server&apos;s data: %1</source>
        <translation>工作区无法保存服务器的数据：%1</translation>
    </message>
    <message>
        <source>The first sync was stopped.</source>
        <translation>首次同步已中止。</translation>
    </message>
</context>
<context>
    <name>Leadline::TableReader</name>
    <message>
        <source>%1 cannot be opened: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
</context>
<context>
    <name>Leadline::TableWriter</name>
    <message>
        <source>%1 cannot be written: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>%1 cannot be written.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Row %1 cannot be written to %2.</source>
        <translation>第 %1 行无法写入 %2。</translation>
    </message>
</context>
<context>
    <name>Leadline::TextRowWriter</name>
    <message>
        <source>The workspace could not store %1 rows: %2</source>
        <translation>工作区无法保存 %1 记录：%2</translation>
    </message>
    <message>
        <source>The workspace is not an SQLite database.</source>
        <translation>工作区不是 SQLite 数据库。</translation>
    </message>
</context>
<context>
    <name>Leadline::TimelineQuery</name>
    <message>
        <source>The timeline</source>
        <translation>时间线</translation>
    </message>
</context>
<context>
    <name>Leadline::TodoService</name>
    <message>
        <source>Pick a time in the future.</source>
        <translation>请选择一个将来的时间。</translation>
    </message>
    <message>
        <source>Choose an active agent to give the tasks to.</source>
        <translation>请选择一位在职坐席来接收待办。</translation>
    </message>
    <message>
        <source>The task needs a title.</source>
        <translation>请填写待办标题。</translation>
    </message>
    <message>
        <source>The task needs a due time.</source>
        <translation>请设置待办的到期时间。</translation>
    </message>
    <message>
        <source>The tasks could not be read: %1</source>
        <translation>无法读取待办：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::Transaction</name>
    <message>
        <source>Cannot start a write to the workspace: %1</source>
        <translation>无法开始写入工作区：%1</translation>
    </message>
    <message>
        <source>The write was already finished.</source>
        <translation>写入操作已结束。</translation>
    </message>
    <message>
        <source>The workspace could not save the change: %1</source>
        <translation>工作区无法保存更改：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::AgentDrillDownDialog</name>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Talk</source>
        <translation>通话时长</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>通话结果</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>接通</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通话</translation>
    </message>
    <message>
        <source>Connects</source>
        <translation>接通量</translation>
    </message>
    <message>
        <source>Last call</source>
        <translation>最近通话</translation>
    </message>
    <message>
        <source>%1: calls and customers</source>
        <translation>%1：通话与客户</translation>
    </message>
    <message>
        <source>%1 – %2: %3 calls to %4 customers</source>
        <translation>%1 – %2：共 %3 通电话，涉及 %4 位客户</translation>
    </message>
    <message>
        <source>The latest %1 calls are listed.</source>
        <translation>仅列出最近的 %1 通电话。</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Export table…</source>
        <translation>导出表格…</translation>
    </message>
    <message>
        <source>This window cannot export.</source>
        <translation>此窗口无法导出。</translation>
    </message>
    <message>
        <source>Export the table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV，UTF-8 (*.csv)</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::ArticleEditorDialog</name>
    <message>
        <source>New article</source>
        <translation>新建文章</translation>
    </message>
    <message>
        <source>Edit article</source>
        <translation>编辑文章</translation>
    </message>
    <message>
        <source>Comma separated</source>
        <translation>用逗号分隔</translation>
    </message>
    <message>
        <source>Merge fields: %1</source>
        <translation>可插入字段：%1</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>标题(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Category:</source>
        <translation>分类(&amp;C)：</translation>
    </message>
    <message>
        <source>T&amp;ags:</source>
        <translation>标签(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Stages:</source>
        <translation>阶段(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Industries:</source>
        <translation>行业(&amp;I)：</translation>
    </message>
    <message>
        <source>Customer t&amp;ypes:</source>
        <translation>客户类型(&amp;Y)：</translation>
    </message>
    <message>
        <source>Text (Markdown):</source>
        <translation>正文（Markdown）：</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::AuditModel</name>
    <message>
        <source>Signed in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Sign-in refused</source>
        <translation>登录被拒</translation>
    </message>
    <message>
        <source>Failed sign-in</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Reassign</source>
        <translation>转派</translation>
    </message>
    <message>
        <source>Claim from the pool</source>
        <translation>从公海领取</translation>
    </message>
    <message>
        <source>Return to the pool</source>
        <translation>退回公海</translation>
    </message>
    <message>
        <source>Role change</source>
        <translation>角色变更</translation>
    </message>
    <message>
        <source>Team change</source>
        <translation>团队变更</translation>
    </message>
    <message>
        <source>User change</source>
        <translation>用户变更</translation>
    </message>
    <message>
        <source>Policy change</source>
        <translation>策略变更</translation>
    </message>
    <message>
        <source>Do-not-call list</source>
        <translation>免打扰名单</translation>
    </message>
    <message>
        <source>Rule change</source>
        <translation>规则变更</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>%1 (not yet on the server)</source>
        <translation>%1（尚未同步到服务器）</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>工作站</translation>
    </message>
    <message>
        <source>login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>active</source>
        <translation>启用状态</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>删除标记</translation>
    </message>
    <message>
        <source>role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>the lead pool</source>
        <translation>线索池</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>calls</source>
        <translation>通话记录</translation>
    </message>
    <message numerus="yes">
        <source>%1 as %2, %n row(s)</source>
        <translation>
            <numerusform>%1，%2 格式，%n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>as %1: %2</source>
        <translation>以 %1 登录：%2</translation>
    </message>
    <message>
        <source>%1 merged into %2</source>
        <translation>%1 并入 %2</translation>
    </message>
    <message>
        <source>%1 removed from the list</source>
        <translation>%1 已移出名单</translation>
    </message>
    <message>
        <source>%1 added to the list</source>
        <translation>%1 已加入名单</translation>
    </message>
    <message>
        <source>changed: %1</source>
        <translation>修改了：%1</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>user</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>policy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>do-not-call list</source>
        <translation>禁呼名单</translation>
    </message>
    <message>
        <source>rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>call</source>
        <translation>通话</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>team figures</source>
        <translation>团队业绩</translation>
    </message>
    <message>
        <source>team chart</source>
        <translation>团队图表</translation>
    </message>
    <message>
        <source>%1 as %2</source>
        <translation>%1，%2 格式</translation>
    </message>
    <message>
        <source>%1 (%2, %3 to %4)</source>
        <translation>%1（%2，%3 至 %4）</translation>
    </message>
    <message>
        <source>an agent&apos;s calls</source>
        <translation>坐席的通话</translation>
    </message>
    <message>
        <source>an agent&apos;s customers</source>
        <translation>坐席的客户</translation>
    </message>
    <message>
        <source>the live floor</source>
        <translation>实时看板</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>import batch</source>
        <translation>导入批次</translation>
    </message>
    <message>
        <source>%1 new, %2 updated, %3 skipped, %4 failed</source>
        <translation>新增 %1，更新 %2，跳过 %3，失败 %4</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::AuditView</name>
    <message>
        <source>Everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message numerus="yes">
        <source>The newest %n entries; narrow the filter to see older ones.</source>
        <translation>
            <numerusform>最新的 %n 条记录；缩小筛选范围可查看更早的记录。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <source>W&amp;ho:</source>
        <translation>操作人(&amp;H)：</translation>
    </message>
    <message>
        <source>Ac&amp;tion:</source>
        <translation>操作(&amp;T)：</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::ChartAdapter</name>
    <message>
        <source>Dials</source>
        <translation>外呼量</translation>
    </message>
    <message>
        <source>Connects</source>
        <translation>接通量</translation>
    </message>
    <message>
        <source>Connect rate (%)</source>
        <translation>接通率（%）</translation>
    </message>
    <message>
        <source>Effective talk (min)</source>
        <translation>有效通话时长（分钟）</translation>
    </message>
    <message>
        <source>Conversion by source</source>
        <translation>各来源转化</translation>
    </message>
    <message>
        <source>Leads created</source>
        <translation>新建线索</translation>
    </message>
    <message>
        <source>(no source)</source>
        <translation>（无来源）</translation>
    </message>
    <message>
        <source>%1: %2 created, %3 won, conversion %4</source>
        <translation>%1：新建 %2，成交 %3，转化率 %4</translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1，%2：%3</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>成交</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::ConflictsModel</name>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Your value (replaced)</source>
        <translation>您的值（已被覆盖）</translation>
    </message>
    <message>
        <source>Their value</source>
        <translation>对方的值</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation>修改人</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::ConflictsView</name>
    <message>
        <source>Sync conflicts</source>
        <translation>同步冲突</translation>
    </message>
    <message>
        <source>You and a colleague changed the same field at the same time. Their change reached the server last and replaced yours. Keep theirs, or put yours back.</source>
        <translation>您和同事同时修改了同一字段。对方的修改较晚到达服务器，覆盖了您的修改。您可以保留对方的修改，或恢复您的修改。</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Changes the server refused. They were set aside and the record shows the server&apos;s version again:</source>
        <translation>以下更改被服务器拒绝。这些更改已被搁置，记录已恢复为服务器上的版本：</translation>
    </message>
    <message>
        <source>Record type</source>
        <translation>记录类型</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>保留我的</translation>
    </message>
    <message>
        <source>Keep theirs</source>
        <translation>保留对方的</translation>
    </message>
    <message>
        <source>Primary contact</source>
        <translation>主要联系人</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::CredentialStore</name>
    <message>
        <source>The password could not be read from the keychain: %1</source>
        <translation>无法从钥匙串读取密码：%1</translation>
    </message>
    <message>
        <source>The password could not be saved in the keychain: %1</source>
        <translation>无法将密码保存到钥匙串：%1</translation>
    </message>
    <message>
        <source>The password could not be removed from the keychain: %1</source>
        <translation>无法从钥匙串删除密码：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::CustomerEditor</name>
    <message>
        <source>New customer</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message>
        <source>Separate tags with commas</source>
        <translation>多个标签用逗号分隔</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>职位</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>Phones (separate with ;)</source>
        <translation>电话（用 ; 分隔）</translation>
    </message>
    <message>
        <source>Custom field</source>
        <translation>自定义字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Add contact</source>
        <translation>添加联系人</translation>
    </message>
    <message>
        <source>Remove contact</source>
        <translation>删除联系人</translation>
    </message>
    <message>
        <source>Add field</source>
        <translation>添加字段</translation>
    </message>
    <message>
        <source>Remove field</source>
        <translation>删除字段</translation>
    </message>
    <message>
        <source>Possible duplicates</source>
        <translation>疑似重复客户</translation>
    </message>
    <message>
        <source>Merge into this customer</source>
        <translation>合并到此客户</translation>
    </message>
    <message>
        <source>Undo merge</source>
        <translation>撤销合并</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消（Esc）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Lead pool</source>
        <translation>公海</translation>
    </message>
    <message>
        <source>same phone %1</source>
        <translation>电话相同：%1</translation>
    </message>
    <message>
        <source>same e-mail %1</source>
        <translation>邮箱相同：%1</translation>
    </message>
    <message>
        <source>No duplicates found</source>
        <translation>未发现重复客户</translation>
    </message>
    <message numerus="yes">
        <source>Possible duplicates: %n</source>
        <translation>
            <numerusform>疑似重复客户：%n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::CustomerListModel</name>
    <message>
        <source>Pool</source>
        <translation>公海</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Intent</source>
        <translation>意向</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最近联系</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::CustomerListView</name>
    <message>
        <source>Search name, company, phone, e-mail, tag (Ctrl+F)</source>
        <translation>搜索姓名、公司、电话、邮箱、标签（Ctrl+F）</translation>
    </message>
    <message>
        <source>Customer search</source>
        <translation>客户搜索</translation>
    </message>
    <message>
        <source>Customer list</source>
        <translation>客户列表</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>全部客户</translation>
    </message>
    <message>
        <source>My customers</source>
        <translation>我的客户</translation>
    </message>
    <message>
        <source>Lead pool</source>
        <translation>公海</translation>
    </message>
    <message>
        <source>Owner filter</source>
        <translation>负责人筛选</translation>
    </message>
    <message>
        <source>All stages</source>
        <translation>全部阶段</translation>
    </message>
    <message>
        <source>Stage filter</source>
        <translation>阶段筛选</translation>
    </message>
    <message>
        <source>Any intent</source>
        <translation>全部意向</translation>
    </message>
    <message>
        <source>Intent %1</source>
        <translation>意向：%1</translation>
    </message>
    <message>
        <source>Intent filter</source>
        <translation>意向筛选</translation>
    </message>
    <message>
        <source>Any score</source>
        <translation>全部评分</translation>
    </message>
    <message>
        <source>Hot (80+)</source>
        <translation>热（80+）</translation>
    </message>
    <message>
        <source>Warm (50-79)</source>
        <translation>温（50-79）</translation>
    </message>
    <message>
        <source>Cold (&lt;50)</source>
        <translation>冷（&lt;50）</translation>
    </message>
    <message>
        <source>Score filter</source>
        <translation>评分筛选</translation>
    </message>
    <message>
        <source>Any last contact</source>
        <translation>全部联系时间</translation>
    </message>
    <message>
        <source>Contacted in 7 days</source>
        <translation>7 天内联系过</translation>
    </message>
    <message>
        <source>Contacted in 30 days</source>
        <translation>30 天内联系过</translation>
    </message>
    <message>
        <source>Not contacted for 7 days</source>
        <translation>7 天未联系</translation>
    </message>
    <message>
        <source>Not contacted for 30 days</source>
        <translation>30 天未联系</translation>
    </message>
    <message>
        <source>Last contact filter</source>
        <translation>最近联系筛选</translation>
    </message>
    <message>
        <source>Source filter</source>
        <translation>来源筛选</translation>
    </message>
    <message>
        <source>Tag filter</source>
        <translation>标签筛选</translation>
    </message>
    <message>
        <source>Any source</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <source>Any tag</source>
        <translation>全部标签</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>More than %1 customers</source>
        <translation>超过 %1 位客户</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s)</source>
        <translation>
            <numerusform>%n 位客户</numerusform>
        </translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>(search index being built: names, companies, e-mail and phone digits only)</source>
        <translation>（搜索索引建立中：暂时只搜索姓名、公司、邮箱和电话号码）</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::CustomerPanel</name>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Add a note and press Enter</source>
        <translation>输入备注后按 Enter</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>新备注</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Edit this customer (Ctrl+E)</source>
        <translation>编辑此客户（Ctrl+E）</translation>
    </message>
    <message>
        <source>Customer timeline</source>
        <translation>客户时间线</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通话</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>Stage changes</source>
        <translation>阶段变更</translation>
    </message>
    <message>
        <source>Owner changes</source>
        <translation>负责人变更</translation>
    </message>
    <message>
        <source>Merges</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Timeline filter</source>
        <translation>时间线筛选</translation>
    </message>
    <message>
        <source>No customer selected</source>
        <translation>未选择客户</translation>
    </message>
    <message>
        <source>%1 · %2 · Intent %3 · Score %4 · Owner %5</source>
        <translation>%1 · %2 · 意向 %3 · 评分 %4 · 负责人 %5</translation>
    </message>
    <message>
        <source>Lead pool</source>
        <translation>公海</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>职位</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地区</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Customer type</source>
        <translation>客户类型</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <source>Score reasons</source>
        <translation>评分依据</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Note not saved</source>
        <translation>备注未保存</translation>
    </message>
    <message>
        <source>(unreadable)</source>
        <translation>（无法读取）</translation>
    </message>
    <message>
        <source>Edit customer</source>
        <translation>编辑客户</translation>
    </message>
    <message>
        <source>Industry match</source>
        <translation>行业匹配</translation>
    </message>
    <message>
        <source>Region match</source>
        <translation>地区匹配</translation>
    </message>
    <message>
        <source>Decision maker</source>
        <translation>决策人</translation>
    </message>
    <message>
        <source>Intent</source>
        <translation>意向等级</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>跟进阶段</translation>
    </message>
    <message>
        <source>Calls connected</source>
        <translation>接通通话</translation>
    </message>
    <message>
        <source>Recent contact</source>
        <translation>近期联系</translation>
    </message>
    <message>
        <source>Capped</source>
        <translation>封顶</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::DateRangePicker</name>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>时间段</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>结束日期</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::DialPanel</name>
    <message>
        <source>Dial</source>
        <translation>拨号</translation>
    </message>
    <message>
        <source>Dial (F5)</source>
        <translation>拨号（F5）</translation>
    </message>
    <message>
        <source>Hang up (Esc)</source>
        <translation>挂断（Esc）</translation>
    </message>
    <message>
        <source>Log a call made &amp;outside…</source>
        <translation>补录外部通话(&amp;O)…</translation>
    </message>
    <message>
        <source>Dialer settings…</source>
        <translation>拨号设置…</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <source>What was said, what was agreed</source>
        <translation>沟通内容及约定事项</translation>
    </message>
    <message>
        <source>+1 h (Alt+1)</source>
        <translation>+1 小时（Alt+1）</translation>
    </message>
    <message>
        <source>Tomorrow 9:00 (Alt+T)</source>
        <translation>明天 9:00（Alt+T）</translation>
    </message>
    <message>
        <source>Next week (Alt+W)</source>
        <translation>下周（Alt+W）</translation>
    </message>
    <message>
        <source>Call made outside Leadline: started at / seconds</source>
        <translation>外部通话：开始时间 / 时长（秒）</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
        <source>Save and next (Ctrl+Enter)</source>
        <translation>保存并下一个（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Reason (break, training, meeting…)</source>
        <translation>原因（休息、培训、会议…）</translation>
    </message>
    <message>
        <source>No customer open</source>
        <translation>未打开客户</translation>
    </message>
    <message>
        <source>Save the last call before dialing again.</source>
        <translation>请先保存上一通通话，再重新拨号。</translation>
    </message>
    <message>
        <source>Open a customer to dial.</source>
        <translation>请先打开客户再拨号。</translation>
    </message>
    <message>
        <source>Not dialed: %1</source>
        <translation>未拨号：%1</translation>
    </message>
    <message>
        <source>Finish the current call first.</source>
        <translation>请先结束当前通话。</translation>
    </message>
    <message>
        <source>Open the customer you called first.</source>
        <translation>请先打开您拨打的客户。</translation>
    </message>
    <message>
        <source>Enter when the call started and how long it lasted, then the outcome.</source>
        <translation>请填写通话开始时间和时长，再选择通话结果。</translation>
    </message>
    <message>
        <source>Hang up before saving the call.</source>
        <translation>请先挂断，再保存通话。</translation>
    </message>
    <message>
        <source>Nothing to save: dial first, or log a call made outside.</source>
        <translation>没有可保存的通话：请先拨号，或补录外部通话。</translation>
    </message>
    <message>
        <source>Call saved.</source>
        <translation>通话已保存。</translation>
    </message>
    <message>
        <source>Call ended. Pick the outcome (1–9), add a note and save.</source>
        <translation>通话已结束。请选择通话结果（1–9），填写备注并保存。</translation>
    </message>
    <message>
        <source>%1 (%2). Pick the outcome (1–9) and save.</source>
        <translation>%1（%2）。请选择通话结果（1–9）并保存。</translation>
    </message>
    <message>
        <source>Logging a call made outside Leadline</source>
        <translation>正在补录外部通话</translation>
    </message>
    <message>
        <source>Wrap-up is over its time limit.</source>
        <translation>话后处理已超时。</translation>
    </message>
    <message>
        <source>Leadline was closed during the call to %1 at %2. Pick the outcome (1–9), check the note and save.</source>
        <translation>%2 拨打 %1 的通话进行中时 Leadline 被关闭。请选择结果（1–9），核对备注后保存。</translation>
    </message>
    <message>
        <source>A call is on the line</source>
        <translation>通话仍在进行</translation>
    </message>
    <message>
        <source>The call to %1 is still going on. Hang up and quit?

The call and your note are kept: Leadline asks for its outcome when it starts again.</source>
        <translation>与 %1 的通话仍在进行。要挂断并退出吗？

通话和备注都会保留：Leadline 下次启动时会请你选择通话结果。</translation>
    </message>
    <message>
        <source>Unsaved call, waiting for its outcome</source>
        <translation>未保存的通话，等待选择结果</translation>
    </message>
    <message>
        <source>Follow &amp;up at</source>
        <translation>下次跟进(&amp;U)</translation>
    </message>
    <message>
        <source>M&amp;y state:</source>
        <translation>我的状态(&amp;Y)：</translation>
    </message>
    <message>
        <source>the line was lost</source>
        <translation>线路中断</translation>
    </message>
    <message>
        <source>number not in service</source>
        <translation>号码不存在</translation>
    </message>
    <message>
        <source>no answer in time</source>
        <translation>超时无应答</translation>
    </message>
    <message>
        <source>not reachable now</source>
        <translation>暂时无法接通</translation>
    </message>
    <message>
        <source>busy</source>
        <translation>对方忙</translation>
    </message>
    <message>
        <source>call cancelled</source>
        <translation>呼叫已取消</translation>
    </message>
    <message>
        <source>declined</source>
        <translation>对方拒接</translation>
    </message>
    <message>
        <source>incomplete number</source>
        <translation>号码不完整</translation>
    </message>
    <message>
        <source>the phone service is unavailable</source>
        <translation>电话服务不可用</translation>
    </message>
    <message>
        <source>the network refused the call</source>
        <translation>网络拒绝了呼叫</translation>
    </message>
    <message>
        <source>%1, SIP %2</source>
        <translation>%1，SIP %2</translation>
    </message>
    <message>
        <source>No call waits for an outcome: dial first (F5), or log a call made outside.</source>
        <translation>没有等待选择结果的通话：请先拨号（F5），或登记外部通话。</translation>
    </message>
    <message>
        <source>No outcome has the key %1.</source>
        <translation>按键 %1 没有对应的通话结果。</translation>
    </message>
    <message>
        <source>No call to follow up: dial first (F5).</source>
        <translation>没有可安排跟进的通话：请先拨号（F5）。</translation>
    </message>
    <message>
        <source>Outcome %1</source>
        <translation>通话结果 %1</translation>
    </message>
    <message>
        <source>Outcome %1: %2</source>
        <translation>通话结果 %1：%2</translation>
    </message>
    <message>
        <source>&amp;Dial the number</source>
        <translation>拨打该号码(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Hang up</source>
        <translation>挂断(&amp;H)</translation>
    </message>
    <message>
        <source>Hang up (during a call)</source>
        <translation>挂断（通话中）</translation>
    </message>
    <message>
        <source>Follow up in an hour</source>
        <translation>一小时后跟进</translation>
    </message>
    <message>
        <source>Follow up tomorrow morning</source>
        <translation>明天上午跟进</translation>
    </message>
    <message>
        <source>Follow up next week</source>
        <translation>下周跟进</translation>
    </message>
    <message>
        <source>&amp;Save and next</source>
        <translation>保存并下一个(&amp;S)</translation>
    </message>
    <message>
        <source>Save the call, stay on the customer</source>
        <translation>保存通话，留在当前客户</translation>
    </message>
    <message>
        <source>Call a closed customer?</source>
        <translation>拨打已结束的客户？</translation>
    </message>
    <message>
        <source>%1 is already at the stage &quot;%2&quot;. Call anyway?</source>
        <translation>%1 已处于“%2”阶段。仍要拨打吗？</translation>
    </message>
    <message>
        <source>A call is already on the line: hang up first (Ctrl+H).</source>
        <translation>已有通话在进行：请先挂断（Ctrl+H）。</translation>
    </message>
    <message>
        <source>Not dialed.</source>
        <translation>未拨打。</translation>
    </message>
    <message>
        <source>No call on the line to hang up.</source>
        <translation>没有正在进行的通话可挂断。</translation>
    </message>
    <message>
        <source>Reason for not ready</source>
        <translation>未就绪原因</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::DialerSettingsDialog</name>
    <message>
        <source>Dialer settings</source>
        <translation>拨号设置</translation>
    </message>
    <message>
        <source>Simulated (training and demos)</source>
        <translation>模拟拨号（用于培训和演示）</translation>
    </message>
    <message>
        <source>Desktop softphone (tel:/sip: links)</source>
        <translation>桌面软电话（tel:/sip: 链接）</translation>
    </message>
    <message>
        <source>baresip (control port)</source>
        <translation>baresip（控制端口）</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>&amp;Dialer:</source>
        <translation>拨号方式(&amp;D)：</translation>
    </message>
    <message>
        <source>baresip &amp;control port:</source>
        <translation>baresip 控制端口(&amp;C)：</translation>
    </message>
    <message>
        <source>baresip dial &amp;target:</source>
        <translation>baresip 拨号目标(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Link type:</source>
        <translation>链接类型(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Ring timeout:</source>
        <translation>振铃超时(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Wrap-up limit:</source>
        <translation>话后处理时限(&amp;W)：</translation>
    </message>
    <message>
        <source>Changes apply the next time Leadline starts.</source>
        <translation>更改将在下次启动 Leadline 时生效。</translation>
    </message>
    <message>
        <source>Write the control port as host:port, e.g. 127.0.0.1:4444.</source>
        <translation>控制端口格式为 host:port，例如 127.0.0.1:4444。</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::DurationText</name>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::ExportDialog</name>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export:</source>
        <translation>导出：</translation>
    </message>
    <message>
        <source>The &amp;customers as the list shows them (search, filters, sort, columns)</source>
        <translation>列表中显示的客户（搜索、筛选、排序、列）(&amp;C)</translation>
    </message>
    <message>
        <source>The c&amp;alls of those customers</source>
        <translation>这些客户的通话记录(&amp;A)</translation>
    </message>
    <message>
        <source>The calls of the &amp;open customer</source>
        <translation>当前打开客户的通话记录(&amp;O)</translation>
    </message>
    <message>
        <source>The calls of the &amp;open customer (%1)</source>
        <translation>当前打开客户的通话记录（%1）(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <source>CSV (UTF-8, opens in Excel)</source>
        <translation>CSV（UTF-8，可用 Excel 打开）</translation>
    </message>
    <message>
        <source>F&amp;ile:</source>
        <translation>文件(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>calls</source>
        <translation>通话记录</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>请选择要写入的文件。</translation>
    </message>
    <message>
        <source>The list shows no customers.</source>
        <translation>列表中没有客户。</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n row(s) to %1.</source>
        <translation>
            <numerusform>已写入 %n 行到 %1。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::FunnelWidget</name>
    <message>
        <source>%1: %2 customers entered</source>
        <translation>%1：进入 %2 位客户</translation>
    </message>
    <message>
        <source>%1 went on to %2 = %3</source>
        <translation>其中 %1 位进入%2 = %3</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::ImportHistoryDialog</name>
    <message>
        <source>Import history</source>
        <translation>导入历史</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>已更新</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>&amp;Undo import…</source>
        <translation>撤销导入(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>No lead list was imported into this workspace yet.</source>
        <translation>此工作区尚未导入过线索名单。</translation>
    </message>
    <message numerus="yes">
        <source>Undoing this import removes %n customer(s) it created</source>
        <translation>
            <numerusform>撤销此次导入将删除它新建的 %n 个客户，</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and restores %n customer(s) it updated to their fields before the import.</source>
        <translation>
            <numerusform>并将它更新过的 %n 个客户恢复为导入前的字段。</numerusform>
        </translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>……另有 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) were edited since the import and are left as they are:</source>
        <translation>
            <numerusform>有 %n 条记录在导入后被修改过，将保持不变：</numerusform>
        </translation>
    </message>
    <message>
        <source>Select an import first.</source>
        <translation>请先选择一次导入。</translation>
    </message>
    <message>
        <source>Removed %1 customers, restored %2.</source>
        <translation>已删除 %1 个客户，已恢复 %2 个。</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) edited since were left as they are.</source>
        <translation>
            <numerusform>导入后被修改过的 %n 条记录保持不变。</numerusform>
        </translation>
    </message>
    <message>
        <source>Undo import</source>
        <translation>撤销导入</translation>
    </message>
    <message>
        <source>&amp;Undo import</source>
        <translation>撤销导入(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Keep it</source>
        <translation>保留(&amp;K)</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::ImportWizard</name>
    <message>
        <source>Import leads</source>
        <translation>导入线索</translation>
    </message>
    <message>
        <source>Lead lists (*.xlsx *.csv *.txt);;All files (*)</source>
        <translation>线索名单 (*.xlsx *.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>下一步(&amp;N) &gt;</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; 上一步(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>完成(&amp;F)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>A lead list saved by Excel or WPS: XLSX, or CSV in any encoding.</source>
        <translation>由 Excel 或 WPS 保存的线索名单：XLSX，或任意编码的 CSV。</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation>浏览(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Sheet:</source>
        <translation>工作表(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Encoding:</source>
        <translation>编码(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Header row:</source>
        <translation>表头行(&amp;H)：</translation>
    </message>
    <message>
        <source>The first rows as they are in the file:</source>
        <translation>文件中的前几行（原样）：</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Which field each column fills. Guessed from the headers; the choice is remembered for lists with the same headers.</source>
        <translation>每一列填入哪个字段。根据表头自动识别；所选对应关系会为表头相同的名单记住。</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>First value</source>
        <translation>第一个值</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Tab to a column&apos;s field and choose with the arrow keys.</source>
        <translation>用 Tab 键移到某列的字段，再用方向键选择。</translation>
    </message>
    <message>
        <source>The first rows as they will be stored:</source>
        <translation>前几行将按如下方式保存：</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>A dry run: nothing is written yet. Select a count to see its rows.</source>
        <translation>试运行：尚未写入任何数据。选择一项计数可查看对应的行。</translation>
    </message>
    <message>
        <source>A row matching an existing customer by phone or e-mail:</source>
        <translation>电话或邮箱与现有客户相同的行：</translation>
    </message>
    <message>
        <source>Skip it</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Update the existing customer</source>
        <translation>更新现有客户</translation>
    </message>
    <message>
        <source>Create a new customer anyway</source>
        <translation>仍然新建客户</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>The rows behind the selected count:</source>
        <translation>所选计数对应的行：</translation>
    </message>
    <message>
        <source>Owner and tag</source>
        <translation>负责人和标签</translation>
    </message>
    <message>
        <source>Who gets the new customers, and the tag that marks this import.</source>
        <translation>新客户分配给谁，以及标记此次导入的标签。</translation>
    </message>
    <message>
        <source>New customers go to:</source>
        <translation>新客户分配给：</translation>
    </message>
    <message>
        <source>The owner named in the file (else the &amp;pool)</source>
        <translation>文件中指定的负责人（否则进入公海）(&amp;P)</translation>
    </message>
    <message>
        <source>One o&amp;wner:</source>
        <translation>指定负责人(&amp;W)：</translation>
    </message>
    <message>
        <source>A &amp;team, in turn:</source>
        <translation>团队轮流分配(&amp;T)：</translation>
    </message>
    <message>
        <source>The lead p&amp;ool</source>
        <translation>线索公海(&amp;O)</translation>
    </message>
    <message>
        <source>Batch t&amp;ag:</source>
        <translation>批次标签(&amp;A)：</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>The rows are written in batches; a cancelled import keeps the batches written, which Import history can undo.</source>
        <translation>数据按批次写入；取消导入时已写入的批次会保留，可在“导入历史”中撤销。</translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <source>&amp;Save failed rows…</source>
        <translation>保存失败的行(&amp;S)…</translation>
    </message>
    <message>
        <source>%1 (detected)</source>
        <translation>%1（自动识别）</translation>
    </message>
    <message>
        <source>The file has no row %1 to take the headers from.</source>
        <translation>文件中没有第 %1 行可作为表头。</translation>
    </message>
    <message>
        <source>(leave out)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>公海</translation>
    </message>
    <message>
        <source>Checking every row…</source>
        <translation>正在检查每一行…</translation>
    </message>
    <message>
        <source>New customers</source>
        <translation>新客户</translation>
    </message>
    <message>
        <source>Will update an existing customer</source>
        <translation>将更新现有客户</translation>
    </message>
    <message>
        <source>Duplicate of an earlier row in the file</source>
        <translation>与文件中前面的行重复</translation>
    </message>
    <message>
        <source>Duplicate of an existing customer</source>
        <translation>与现有客户重复</translation>
    </message>
    <message>
        <source>Invalid (will fail)</source>
        <translation>无效（将失败）</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) checked.</source>
        <translation>
            <numerusform>已检查 %n 行。</numerusform>
        </translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Imported %1, updated %2, skipped %3, failed %4.</source>
        <translation>已导入 %1，已更新 %2，已跳过 %3，失败 %4。</translation>
    </message>
    <message>
        <source>Cancelled. The batches written before are kept and can be undone in Import history.</source>
        <translation>已取消。之前写入的批次已保留，可在“导入历史”中撤销。</translation>
    </message>
    <message>
        <source>Cancelling after the current batch…</source>
        <translation>当前批次完成后取消…</translation>
    </message>
    <message>
        <source>Save failed rows</source>
        <translation>保存失败的行</translation>
    </message>
    <message>
        <source>%1 failed rows.csv</source>
        <translation>%1 失败的行.csv</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Failed rows saved to %1.</source>
        <translation>失败的行已保存到 %1。</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::KnowledgeBaseView</name>
    <message>
        <source>Knowledge base</source>
        <translation>知识库</translation>
    </message>
    <message>
        <source>Search scripts and FAQ (title, text, tags)…</source>
        <translation>搜索话术和常见问题（标题、正文、标签）…</translation>
    </message>
    <message>
        <source>Search the knowledge base</source>
        <translation>搜索知识库</translation>
    </message>
    <message>
        <source>Articles found</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>Suggested for %1:</source>
        <translation>为 %1 推荐：</translation>
    </message>
    <message>
        <source>Suggested scripts:</source>
        <translation>推荐话术：</translation>
    </message>
    <message>
        <source>Suggested scripts</source>
        <translation>推荐话术</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>文章</translation>
    </message>
    <message>
        <source>&amp;Copy script</source>
        <translation>复制话术(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the script with the customer&apos;s details filled in (%1)</source>
        <translation>复制已填入客户信息的话术（%1）</translation>
    </message>
    <message>
        <source>Copy rendered script</source>
        <translation>复制生成的话术</translation>
    </message>
    <message>
        <source>&amp;New article…</source>
        <translation>新建文章(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Retire</source>
        <translation>下架(&amp;R)</translation>
    </message>
    <message>
        <source>Type to search; the first match opens here.</source>
        <translation>输入关键词搜索，第一条匹配结果将在此处打开。</translation>
    </message>
    <message>
        <source>Tags: %1</source>
        <translation>标签：%1</translation>
    </message>
    <message>
        <source>%1, updated %2</source>
        <translation>%1，更新于 %2</translation>
    </message>
    <message>
        <source>Retire article</source>
        <translation>下架文章</translation>
    </message>
    <message>
        <source>Retire &quot;%1&quot;? Agents will no longer find it; it stays in the workspace&apos;s history.</source>
        <translation>确定下架“%1”吗？坐席将无法再搜索到该文章，但它仍会保留在工作区的历史记录中。</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::LiveFloorModel</name>
    <message>
        <source>Ready</source>
        <translation>示闲</translation>
    </message>
    <message>
        <source>Not ready</source>
        <translation>示忙</translation>
    </message>
    <message>
        <source>On call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>话后处理</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>customer name · masked number</comment>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Not ready: %1</source>
        <translation>示忙：%1</translation>
    </message>
    <message>
        <source>%1 (long)</source>
        <translation>%1（偏长）</translation>
    </message>
    <message>
        <source>%1 (too long)</source>
        <translation>%1（过长）</translation>
    </message>
    <message>
        <source>In this state since %1</source>
        <translation>自 %1 起处于此状态</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Time in state</source>
        <translation>状态时长</translation>
    </message>
    <message>
        <source>Calls today</source>
        <translation>今日外呼</translation>
    </message>
    <message>
        <source>Connects</source>
        <translation>接通量</translation>
    </message>
    <message>
        <source>Talk time</source>
        <translation>通话时长</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::LiveFloorView</name>
    <message>
        <source>The live floor cannot be read: %1</source>
        <translation>无法读取实时看板：%1</translation>
    </message>
    <message>
        <source>The live floor shows the agents&apos; states once you are signed in to the shared server.</source>
        <translation>登录共享服务器后，实时看板将显示各坐席的状态。</translation>
    </message>
    <message>
        <source>Live floor</source>
        <translation>实时看板</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::LoginDialog</name>
    <message>
        <source>Enter your login.</source>
        <translation>请输入登录名。</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>Sign in to the server</source>
        <translation>登录服务器</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>服务器(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>登录名(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Remember the password in the system keychain</source>
        <translation>在系统钥匙串中记住密码</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Find customer</source>
        <translation>查找客户(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Next customer</source>
        <translation>下一个客户(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous customer</source>
        <translation>上一个客户(&amp;P)</translation>
    </message>
    <message>
        <source>Write a &amp;note</source>
        <translation>写备注(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Edit customer</source>
        <translation>编辑客户(&amp;E)</translation>
    </message>
    <message>
        <source>New &amp;customer</source>
        <translation>新建客户(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About Leadline</source>
        <translation>关于 Leadline(&amp;A)</translation>
    </message>
    <message>
        <source>Working offline: no server configured</source>
        <translation>离线工作：未配置服务器</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>About Leadline</source>
        <translation>关于 Leadline</translation>
    </message>
    <message>
        <source>Leadline %1: the telesales workstation that keeps working offline.</source>
        <translation>Leadline %1：离线也能照常工作的电销工作台。</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>not an active user</source>
        <translation>非在职用户</translation>
    </message>
    <message>
        <source>Leadline — %1 (%2)</source>
        <translation>Leadline — %1（%2）</translation>
    </message>
    <message>
        <source>S&amp;witch profile…</source>
        <translation>切换配置(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Colours of the &amp;system</source>
        <translation>跟随系统配色(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light colours</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark colours</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>Ca&amp;ll</source>
        <translation>通话(&amp;L)</translation>
    </message>
    <message>
        <source>Everywhere in the window</source>
        <translation>窗口内任意位置</translation>
    </message>
    <message>
        <source>%1 tab</source>
        <translation>“%1”标签页</translation>
    </message>
    <message>
        <source>Switch profile</source>
        <translation>切换配置</translation>
    </message>
    <message>
        <source>Leadline workspaces (*.leadline);;All files (*)</source>
        <translation>Leadline 工作区 (*.leadline);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Leadline could not be started again on %1.</source>
        <translation>无法在 %1 上重新启动 Leadline。</translation>
    </message>
    <message>
        <source>&amp;Import leads…</source>
        <translation>导入线索(&amp;I)…</translation>
    </message>
    <message>
        <source>Import &amp;history…</source>
        <translation>导入历史(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>无权操作</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::OfflineBanner</name>
    <message>
        <source>Sync is stopped: %1. Your work is saved on this computer.</source>
        <translation>同步已停止：%1。您的工作已保存在本机。</translation>
    </message>
    <message numerus="yes">
        <source>Working offline: the server cannot be reached. Keep working; %n change(s) will be sent when the connection returns.</source>
        <translation>
            <numerusform>离线工作中：无法连接服务器。请继续工作，连接恢复后将发送 %n 项更改。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::PoolModel</name>
    <message>
        <source>Lead</source>
        <translation>线索</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>入池时长</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::PoolView</name>
    <message>
        <source>Lead pool</source>
        <translation>公海</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>线索</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>分配时间</translation>
    </message>
    <message>
        <source>Returns in</source>
        <translation>距退回</translation>
    </message>
    <message>
        <source>Leads waiting for a first call</source>
        <translation>等待首次拨打的线索</translation>
    </message>
    <message>
        <source>&amp;Claim</source>
        <translation>领取(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Assign…</source>
        <translation>分配(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Open lead</source>
        <translation>打开线索(&amp;O)</translation>
    </message>
    <message>
        <source>Refresh pool</source>
        <translation>刷新公海</translation>
    </message>
    <message>
        <source>%1 leads in the pool · you claimed %2 of %3 today</source>
        <translation>公海中有 %1 条线索 · 今天已领取 %2/%3 条</translation>
    </message>
    <message>
        <source>Not yet called: these leads go back to the pool %1 h after assignment unless called</source>
        <translation>尚未拨打：这些线索若在分配后 %1 小时内未拨打，将退回公海</translation>
    </message>
    <message>
        <source>Assign leads</source>
        <translation>分配线索</translation>
    </message>
    <message>
        <source>Give the selected leads (%1) to:</source>
        <translation>将选中的线索（%1 条）分配给：</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::QueueModel</name>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>今天到期</translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>%1 (%2, the first %3 shown)</source>
        <translation>%1（%2，仅显示前 %3 条）</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 late</source>
        <translation>逾期 %1</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>评分</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::QueueView</name>
    <message>
        <source>My queue</source>
        <translation>我的待办</translation>
    </message>
    <message>
        <source>Open customer</source>
        <translation>打开客户</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Next task in queue</source>
        <translation>下一条待办</translation>
    </message>
    <message>
        <source>Previous task in queue</source>
        <translation>上一条待办</translation>
    </message>
    <message>
        <source>&amp;Complete</source>
        <translation>完成(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Snooze</source>
        <translation>稍后提醒(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;1 In 15 minutes</source>
        <translation>15 分钟后(&amp;1)</translation>
    </message>
    <message>
        <source>&amp;2 In 1 hour</source>
        <translation>1 小时后(&amp;2)</translation>
    </message>
    <message>
        <source>&amp;3 Tomorrow 9:00</source>
        <translation>明天 9:00(&amp;3)</translation>
    </message>
    <message>
        <source>&amp;4 Pick a time…</source>
        <translation>选择时间(&amp;4)…</translation>
    </message>
    <message>
        <source>&amp;Reschedule…</source>
        <translation>改期(&amp;R)…</translation>
    </message>
    <message>
        <source>Re&amp;assign…</source>
        <translation>转派(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Open customer</source>
        <translation>打开客户(&amp;O)</translation>
    </message>
    <message>
        <source>Refresh queue</source>
        <translation>刷新待办</translation>
    </message>
    <message>
        <source>%1 overdue · %2 today · %3 upcoming</source>
        <translation>逾期 %1 · 今天 %2 · 即将到期 %3</translation>
    </message>
    <message>
        <source>Reschedule</source>
        <translation>改期</translation>
    </message>
    <message>
        <source>New due time for the selected tasks (%1):</source>
        <translation>选中待办（%1 条）的新到期时间：</translation>
    </message>
    <message>
        <source>Reassign</source>
        <translation>转派</translation>
    </message>
    <message>
        <source>Give the selected tasks (%1) to:</source>
        <translation>将选中的待办（%1 条）转派给：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Due now:&lt;/b&gt; %1%2 (%3)</source>
        <translation>&lt;b&gt;现在到期：&lt;/b&gt;%1%2（%3）</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 reminders fell due while Leadline was closed or asleep.&lt;/b&gt; They are at the top of the queue, under Overdue.</source>
        <translation>&lt;b&gt;Leadline 关闭或休眠期间有 %1 条提醒到期。&lt;/b&gt;它们在待办列表顶部的“已逾期”中。</translation>
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
        <translation>%1（%2 到期）</translation>
    </message>
    <message>
        <source>%1 · %2 (due %3)</source>
        <translation>%1 · %2（%3 到期）</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Reminder: %1</source>
        <translation>提醒：%1</translation>
    </message>
    <message>
        <source>Missed reminders: %1 (see My queue).</source>
        <translation>错过的提醒：%1（请查看“我的待办”）。</translation>
    </message>
    <message>
        <source>Missed reminders</source>
        <translation>错过的提醒</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::RulesView</name>
    <message>
        <source>Customer created</source>
        <translation>客户创建时</translation>
    </message>
    <message>
        <source>Customer updated</source>
        <translation>客户更新时</translation>
    </message>
    <message>
        <source>Field changed</source>
        <translation>字段变更时</translation>
    </message>
    <message>
        <source>Stage changed</source>
        <translation>阶段变更时</translation>
    </message>
    <message>
        <source>Call logged</source>
        <translation>记录通话时</translation>
    </message>
    <message>
        <source>To-do completed</source>
        <translation>待办完成时</translation>
    </message>
    <message>
        <source>To-do overdue</source>
        <translation>待办逾期时</translation>
    </message>
    <message>
        <source>Lead imported</source>
        <translation>导入线索时</translation>
    </message>
    <message>
        <source>Every 5 minutes (time rule)</source>
        <translation>每 5 分钟（定时规则）</translation>
    </message>
    <message>
        <source>Create a to-do</source>
        <translation>创建待办</translation>
    </message>
    <message>
        <source>Set a field</source>
        <translation>设置字段</translation>
    </message>
    <message>
        <source>Add a tag</source>
        <translation>添加标签</translation>
    </message>
    <message>
        <source>Remove a tag</source>
        <translation>移除标签</translation>
    </message>
    <message>
        <source>Change the stage</source>
        <translation>变更阶段</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>分配</translation>
    </message>
    <message>
        <source>Notify</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Add to a nurture list</source>
        <translation>加入培育名单</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>&amp;Rules</source>
        <translation>规则(&amp;R)</translation>
    </message>
    <message>
        <source>N&amp;ame</source>
        <translation>名称(&amp;A)</translation>
    </message>
    <message>
        <source>value (optional)</source>
        <translation>值（可选）</translation>
    </message>
    <message>
        <source>&amp;Condition</source>
        <translation>判断条件(&amp;C)</translation>
    </message>
    <message>
        <source>e.g. intent == &quot;高&quot; and days_since(last_contact) &gt; 3</source>
        <translation>例如：intent == &quot;高&quot; and days_since(last_contact) &gt; 3</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>动作</translation>
    </message>
    <message>
        <source>Parameters (key=value; …)</source>
        <translation>参数（键=值; …）</translation>
    </message>
    <message>
        <source>Remove action</source>
        <translation>移除动作</translation>
    </message>
    <message>
        <source>&amp;Enabled</source>
        <translation>启用(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Ctrl+R: which customers it matches now and what it would do</source>
        <translation>Ctrl+R：现在会命中哪些客户，以及会执行什么</translation>
    </message>
    <message>
        <source>&amp;Backtest 30 days</source>
        <translation>回测 30 天(&amp;B)</translation>
    </message>
    <message>
        <source>Ctrl+B: what it would have done over the last 30 days</source>
        <translation>Ctrl+B：过去 30 天内它会执行什么</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Would do</source>
        <translation>将执行</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>%1 (off)</source>
        <translation>%1（已停用）</translation>
    </message>
    <message>
        <source>A new rule: name it, choose its trigger, condition and actions, then save (Ctrl+S).</source>
        <translation>新规则：填写名称，选择触发条件、判断条件和执行动作，然后保存（Ctrl+S）。</translation>
    </message>
    <message>
        <source>disposition (optional)</source>
        <translation>通话结果（可选）</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Saved &quot;%1&quot;.</source>
        <translation>已保存“%1”。</translation>
    </message>
    <message numerus="yes">
        <source>Now, %n customer(s) match.</source>
        <translation>
            <numerusform>当前有 %n 位客户命中。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Over the last 30 days it would have acted %n time(s).</source>
        <translation>
            <numerusform>过去 30 天内它会执行 %n 次。</numerusform>
        </translation>
    </message>
    <message>
        <source>(already done) %1</source>
        <translation>（已执行）%1</translation>
    </message>
    <message>
        <source>%1 The first %2 are listed.</source>
        <translation>%1 仅列出前 %2 条。</translation>
    </message>
    <message>
        <source>&amp;New rule</source>
        <translation>新建规则(&amp;N)</translation>
    </message>
    <message>
        <source>Insert</source>
        <translation>Insert 键</translation>
    </message>
    <message>
        <source>New rule</source>
        <translation>新建规则</translation>
    </message>
    <message>
        <source>Save the rule</source>
        <translation>保存规则</translation>
    </message>
    <message>
        <source>Dry run</source>
        <translation>试运行</translation>
    </message>
    <message>
        <source>Backtest 30 days</source>
        <translation>回测 30 天</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Tr&amp;igger</source>
        <translation>触发条件(&amp;I)</translation>
    </message>
    <message>
        <source>Acti&amp;ons</source>
        <translation>动作(&amp;O)</translation>
    </message>
    <message>
        <source>Dry r&amp;un</source>
        <translation>试运行(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Matches</source>
        <translation>匹配结果(&amp;M)</translation>
    </message>
    <message>
        <source>Actions of the rule</source>
        <translation>规则的动作</translation>
    </message>
    <message>
        <source>Customers the rule matches, and what it would do</source>
        <translation>规则匹配的客户及将要执行的动作</translation>
    </message>
    <message>
        <source>Score &amp;points…</source>
        <translation>评分权重(&amp;P)…</translation>
    </message>
    <message>
        <source>The lead score&apos;s points, decay and 热/温 thresholds; saving rescores every customer</source>
        <translation>线索评分的分值、衰减和热/温阈值；保存后重新为所有客户评分</translation>
    </message>
    <message numerus="yes">
        <source>Score weights saved; %n customer(s) rescored.</source>
        <translation>
            <numerusform>评分权重已保存；已重新评分 %n 个客户。</numerusform>
        </translation>
    </message>
    <message>
        <source>Add action</source>
        <translation>添加动作</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::ScoreWeightsDialog</name>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地区</translation>
    </message>
    <message>
        <source>Word in the title</source>
        <translation>职务关键词</translation>
    </message>
    <message>
        <source>Intent</source>
        <translation>意向</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>&amp;Add row</source>
        <translation>添加一行(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove row</source>
        <translation>删除此行(&amp;R)</translation>
    </message>
    <message>
        <source>Lead score weights</source>
        <translation>线索评分权重</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>匹配值</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>分值</translation>
    </message>
    <message>
        <source>Kind of the new row</source>
        <translation>新行的类别</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>&amp;Points for what a lead is (the best title word counts):</source>
        <translation>按线索情况计分(&amp;P)（职务关键词取最高的一个）：</translation>
    </message>
    <message>
        <source>Points per &amp;connected call:</source>
        <translation>每次接通通话得分(&amp;C)：</translation>
    </message>
    <message>
        <source>At most, from &amp;calls:</source>
        <translation>通话最多得分(&amp;L)：</translation>
    </message>
    <message>
        <source>Points for a contact &amp;today:</source>
        <translation>当天联系得分(&amp;T)：</translation>
    </message>
    <message>
        <source>Calls and contacts &amp;halve every:</source>
        <translation>通话与联系分值减半周期(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Warm (温) from:</source>
        <translation>温线索起点(&amp;W)：</translation>
    </message>
    <message>
        <source>H&amp;ot (热) from:</source>
        <translation>热线索起点(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Maximum score:</source>
        <translation>最高分(&amp;M)：</translation>
    </message>
    <message>
        <source>Only supervisors and administrators change the weights.</source>
        <translation>只有主管和管理员可以修改权重。</translation>
    </message>
    <message>
        <source>Saving rescores every customer at once; other computers follow at their next sync.</source>
        <translation>保存后立即为所有客户重新评分；其他电脑在下次同步后跟进。</translation>
    </message>
    <message>
        <source>Row %1 needs a value to match and whole points.</source>
        <translation>第 %1 行需要匹配值和整数分值。</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::SuggestedScripts</name>
    <message>
        <source>Suggested scripts (Enter opens in the knowledge base)</source>
        <translation>推荐话术（按 Enter 在知识库中打开）</translation>
    </message>
    <message>
        <source>Suggested scripts</source>
        <translation>推荐话术</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::SyncStatusWidget</name>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message numerus="yes">
        <source>Offline, retrying in %n s</source>
        <translation>
            <numerusform>离线，%n 秒后重试</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Sync stopped</source>
        <translation>同步已停止</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) pending</source>
        <translation>
            <numerusform>%n 项更改待同步</numerusform>
        </translation>
    </message>
    <message>
        <source>last sync %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) refused</source>
        <translation>
            <numerusform>%n 项更改被拒绝</numerusform>
        </translation>
    </message>
    <message>
        <source>server changes delayed</source>
        <translation>服务器更改延迟</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n 个冲突</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::TeamTableModel</name>
    <message>
        <source>%1 (%2), %3</source>
        <translation>%1（%2），%3</translation>
    </message>
    <message>
        <source>%1 connects of %2 dials = %3</source>
        <translation>外呼 %2 次中接通 %1 次 = %3</translation>
    </message>
    <message>
        <source>%1 s in connected calls of 60 s or more (all connected calls: %2 s)</source>
        <translation>60 秒及以上的接通通话共 %1 秒（全部接通通话：%2 秒）</translation>
    </message>
    <message>
        <source>%1 s per dial (call %2 s + wrap-up %3 s)</source>
        <translation>每次外呼 %1 秒（通话 %2 秒 + 话后处理 %3 秒）</translation>
    </message>
    <message>
        <source>%1 s per dial</source>
        <translation>每次外呼 %1 秒</translation>
    </message>
    <message>
        <source>%1 dials in %2 h signed in (ready %3 h, not ready %4 h, on call %5 h, wrap-up %6 h)</source>
        <translation>在线 %2 小时内外呼 %1 次（示闲 %3 小时，示忙 %4 小时，通话中 %5 小时，话后处理 %6 小时）</translation>
    </message>
    <message>
        <source>%1 of %2 callbacks done by their due time = %3</source>
        <translation>%2 个回访中按时完成 %1 个 = %3</translation>
    </message>
    <message>
        <source>%1 won of %2 leads created = %3; won amount %4</source>
        <translation>新建线索 %2 个，成交 %1 个 = %3；成交金额 %4</translation>
    </message>
    <message>
        <source>%1: %2 dials</source>
        <translation>%1：外呼 %2 次</translation>
    </message>
    <message>
        <source>No dials in this period.</source>
        <translation>此时间段内没有外呼。</translation>
    </message>
    <message>
        <source>Talk time of connected calls lasting 60 seconds or more</source>
        <translation>时长 60 秒及以上的接通通话的通话时间</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Dials</source>
        <translation>外呼量</translation>
    </message>
    <message>
        <source>Connects</source>
        <translation>接通量</translation>
    </message>
    <message>
        <source>Connect rate</source>
        <translation>接通率</translation>
    </message>
    <message>
        <source>Effective talk</source>
        <translation>有效通话时长</translation>
    </message>
    <message>
        <source>Avg handle</source>
        <translation>平均处理时长</translation>
    </message>
    <message>
        <source>Avg wrap-up</source>
        <translation>平均话后处理</translation>
    </message>
    <message>
        <source>Calls/hour</source>
        <translation>每小时外呼</translation>
    </message>
    <message>
        <source>Todos overdue</source>
        <translation>逾期待办</translation>
    </message>
    <message>
        <source>Callbacks kept</source>
        <translation>按时回访率</translation>
    </message>
    <message>
        <source>Leads owned</source>
        <translation>名下线索</translation>
    </message>
    <message>
        <source>Conversions</source>
        <translation>成交数</translation>
    </message>
    <message>
        <source>Daily dials</source>
        <translation>每日外呼</translation>
    </message>
    <message>
        <source>%1 s (spans over 4 hours count as offline)</source>
        <translation>%1 秒（超过 4 小时的时段按离线计）</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>示闲</translation>
    </message>
    <message>
        <source>Not ready</source>
        <translation>示忙</translation>
    </message>
    <message>
        <source>On call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>话后处理</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::TeamView</name>
    <message>
        <source>My figures</source>
        <translation>我的业绩</translation>
    </message>
    <message>
        <source>Team %1</source>
        <translation>团队 %1</translation>
    </message>
    <message>
        <source>Everyone I may see</source>
        <translation>我可查看的全部坐席</translation>
    </message>
    <message>
        <source>%1 agents · %2 dials · %3 connects (%4) · effective talk %5 · %6 todos overdue · callbacks kept %7 · %8 conversions of %9 new leads (%10) · average deal %11 · average cycle %12 days</source>
        <translation>%1 名坐席 · 外呼 %2 · 接通 %3（%4）· 有效通话 %5 · 逾期待办 %6 · 按时回访 %7 · 新线索 %9 个成交 %8 个（%10）· 平均客单价 %11 · 平均销售周期 %12 天</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Cannot write the picture %1.</source>
        <translation>无法保存图片 %1。</translation>
    </message>
    <message>
        <source>Export the table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <source>Save the chart as a picture</source>
        <translation>将图表保存为图片</translation>
    </message>
    <message>
        <source>PNG picture (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Whose figures</source>
        <translation>查看谁的数据</translation>
    </message>
    <message>
        <source>Export table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <source>CSV or Excel…</source>
        <translation>CSV 或 Excel…</translation>
    </message>
    <message>
        <source>Save chart…</source>
        <translation>保存图表…</translation>
    </message>
    <message>
        <source>Trend</source>
        <translation>趋势</translation>
    </message>
    <message>
        <source>Funnel</source>
        <translation>漏斗</translation>
    </message>
    <message>
        <source>By source</source>
        <translation>按来源</translation>
    </message>
    <message>
        <source>Trend of</source>
        <translation>趋势指标</translation>
    </message>
    <message>
        <source>Previous period (%1 – %2): %3 dials · %4 connects (%5) · effective talk %6 · %7 conversions</source>
        <translation>上一周期（%1 – %2）：外呼 %3 · 接通 %4（%5）· 有效通话 %6 · 成交 %7</translation>
    </message>
    <message>
        <source>Calls and customers</source>
        <translation>通话与客户</translation>
    </message>
    <message>
        <source>Live floor</source>
        <translation>实时看板</translation>
    </message>
    <message>
        <source>Team median (%1 agents): %2 dials · %3 connects (%4) · effective talk %5</source>
        <translation>团队中位数（%1 名坐席）：外呼 %2 · 接通 %3（%4）· 有效通话 %5</translation>
    </message>
    <message>
        <source>This window cannot export.</source>
        <translation>此窗口无法导出。</translation>
    </message>
    <message>
        <source>Live floor: CSV or Excel…</source>
        <translation>实时看板：CSV 或 Excel…</translation>
    </message>
    <message>
        <source>Export the live floor</source>
        <translation>导出实时看板</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::TimelineModel</name>
    <message>
        <source>Call · %1 · %2</source>
        <translation>通话 · %1 · %2</translation>
    </message>
    <message>
        <source>Recording: %1</source>
        <translation>录音：%1</translation>
    </message>
    <message>
        <source>Note · %1</source>
        <translation>备注 · %1</translation>
    </message>
    <message>
        <source>Task done · %1</source>
        <translation>待办完成 · %1</translation>
    </message>
    <message>
        <source>Task · %1 · due %2</source>
        <translation>待办 · %1 · %2 到期</translation>
    </message>
    <message>
        <source>Stage · %1 → %2</source>
        <translation>阶段 · %1 → %2</translation>
    </message>
    <message>
        <source>Owner · %1</source>
        <translation>负责人 · %1</translation>
    </message>
    <message>
        <source>Merged · %1</source>
        <translation>合并 · %1</translation>
    </message>
    <message>
        <source>Imported · %1</source>
        <translation>导入 · %1</translation>
    </message>
    <message>
        <source>Rule · %1</source>
        <translation>规则 · %1</translation>
    </message>
    <message>
        <source>Lead pool · %1</source>
        <translation>公海 · %1</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::UsersModel</name>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>Cannot sign in</source>
        <translation>无法登录</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>Leadline::Ui::UsersView</name>
    <message numerus="yes">
        <source>%n users on the server</source>
        <translation>
            <numerusform>服务器上共有 %n 个用户</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>启用(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>停用(&amp;D)</translation>
    </message>
    <message>
        <source>%1 was added.</source>
        <translation>已添加 %1。</translation>
    </message>
    <message>
        <source>%1 may sign in again.</source>
        <translation>%1 已可重新登录。</translation>
    </message>
    <message>
        <source>%1 is disabled: signed out and cannot sign in.</source>
        <translation>%1 已停用：已被登出，且无法再登录。</translation>
    </message>
    <message>
        <source>%1 is now %2.</source>
        <translation>%1 现在是%2。</translation>
    </message>
    <message>
        <source>%1 moved to team %2.</source>
        <translation>%1 已调至团队 %2。</translation>
    </message>
    <message>
        <source>The password of %1 was reset.</source>
        <translation>已重置 %1 的密码。</translation>
    </message>
    <message>
        <source>Add a user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>登录名(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>角色(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>团队(&amp;T)：</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Role of %1:</source>
        <translation>%1 的角色：</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Team of %1 (a new name creates the team):</source>
        <translation>%1 的团队（输入新名称将创建该团队）：</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>New password for %1:</source>
        <translation>%1 的新密码：</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>重新加载(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Add user…</source>
        <translation>添加用户(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Role…</source>
        <translation>角色(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Team…</source>
        <translation>团队(&amp;T)…</translation>
    </message>
    <message>
        <source>Reset &amp;password…</source>
        <translation>重置密码(&amp;P)…</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>正在询问服务器…</translation>
    </message>
</context>
<context>
    <name>Leadline::UnsyncedSalvage</name>
    <message>
        <source>There is no workspace file at %1.</source>
        <translation>%1 处没有工作区文件。</translation>
    </message>
    <message>
        <source>The workspace %1 cannot be opened even for reading its unsynced changes (%2).</source>
        <translation>工作区 %1 无法打开，连读取其未同步的更改也不行（%2）。</translation>
    </message>
    <message>
        <source>The unsynced changes cannot be saved beside the workspace in %1 (%2).</source>
        <translation>无法把未同步的更改保存到工作区旁边的 %1（%2）。</translation>
    </message>
    <message>
        <source>The unsynced changes cannot be saved beside %1: no free file name.</source>
        <translation>无法把未同步的更改保存到 %1 旁边：没有可用的文件名。</translation>
    </message>
    <message>
        <source>The unsynced changes could not be written to %1 (%2); nothing else was changed.</source>
        <translation>未同步的更改无法写入 %1（%2）；其他内容均未更改。</translation>
    </message>
    <message>
        <source>The unsynced changes could not be written to %1.</source>
        <translation>未同步的更改无法写入 %1。</translation>
    </message>
    <message>
        <source>The saved changes in %1 cannot be read (%2).</source>
        <translation>无法读取 %1 中保存的更改（%2）。</translation>
    </message>
    <message>
        <source>%1, line %2, is not a saved change (%3).</source>
        <translation>%1 第 %2 行不是保存的更改（%3）。</translation>
    </message>
    <message>
        <source>%1 is not a file of saved unsynced changes.</source>
        <translation>%1 不是保存未同步更改的文件。</translation>
    </message>
    <message>
        <source>%1 is empty: it holds no saved changes.</source>
        <translation>%1 是空的：其中没有保存的更改。</translation>
    </message>
</context>
<context>
    <name>Leadline::UriDialer</name>
    <message>
        <source>A call is already in progress.</source>
        <translation>已有通话正在进行。</translation>
    </message>
    <message>
        <source>No softphone on this computer accepted %1 links. Install one or choose another dialer in Settings.</source>
        <translation>本机没有可处理 %1 链接的软电话。请安装软电话，或在设置中选择其他拨号方式。</translation>
    </message>
    <message>
        <source>Ended by the agent (outcome reported by hand)</source>
        <translation>坐席已结束通话（通话结果手动填写）</translation>
    </message>
</context>
<context>
    <name>Leadline::UserAdministration</name>
    <message>
        <source>Sign in to the shared server first (&quot;Server…&quot; in the status bar).</source>
        <translation>请先登录共享服务器（状态栏中的“服务器…”）。</translation>
    </message>
    <message>
        <source>Only administrators manage users.</source>
        <translation>只有管理员可以管理用户。</translation>
    </message>
    <message>
        <source>There is no user %1.</source>
        <translation>没有用户 %1。</translation>
    </message>
    <message>
        <source>The login %1 is not allowed.</source>
        <translation>不允许使用登录名 %1。</translation>
    </message>
    <message>
        <source>The login %1 is reserved.</source>
        <translation>登录名 %1 为保留名称。</translation>
    </message>
    <message>
        <source>The login %1 belongs to a server role that is not a Leadline user.</source>
        <translation>登录名 %1 属于一个不是 Leadline 用户的服务器角色。</translation>
    </message>
    <message>
        <source>The password needs at least 8 characters.</source>
        <translation>密码至少需要 8 个字符。</translation>
    </message>
    <message>
        <source>The role must be agent, supervisor or admin.</source>
        <translation>角色必须是坐席、主管或管理员。</translation>
    </message>
    <message>
        <source>The user needs a name.</source>
        <translation>用户需要填写姓名。</translation>
    </message>
    <message>
        <source>You cannot disable your own account.</source>
        <translation>你不能停用自己的账号。</translation>
    </message>
    <message>
        <source>You cannot take the administrator role from yourself.</source>
        <translation>你不能取消自己的管理员角色。</translation>
    </message>
    <message>
        <source>Your account is disabled: ask your administrator.</source>
        <translation>你的账号已停用：请联系管理员。</translation>
    </message>
    <message>
        <source>Cannot add the user: %1</source>
        <translation>无法添加用户：%1</translation>
    </message>
</context>
<context>
    <name>Leadline::Vocabulary</name>
    <message>
        <source>First contact</source>
        <translation>首次联系</translation>
    </message>
    <message>
        <source>Needs analysis</source>
        <translation>需求沟通</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>方案提供</translation>
    </message>
    <message>
        <source>Quotation</source>
        <translation>报价阶段</translation>
    </message>
    <message>
        <source>Contract pending</source>
        <translation>待签约</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>成交</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>流失</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Price-sensitive</source>
        <translation>价格敏感型</translation>
    </message>
    <message>
        <source>Technical</source>
        <translation>技术导向型</translation>
    </message>
    <message>
        <source>Cautious</source>
        <translation>决策谨慎型</translation>
    </message>
    <message>
        <source>Relationship-driven</source>
        <translation>关系导向型</translation>
    </message>
    <message>
        <source>Efficiency-first</source>
        <translation>效率优先型</translation>
    </message>
    <message>
        <source>Website sign-up</source>
        <translation>官网注册</translation>
    </message>
    <message>
        <source>Trade show</source>
        <translation>展会名片</translation>
    </message>
    <message>
        <source>Reseller referral</source>
        <translation>代理商推荐</translation>
    </message>
    <message>
        <source>Customer referral</source>
        <translation>老客户转介绍</translation>
    </message>
    <message>
        <source>Search engine</source>
        <translation>搜索引擎</translation>
    </message>
    <message>
        <source>Cold call</source>
        <translation>电话陌拜</translation>
    </message>
    <message>
        <source>Online ads</source>
        <translation>线上广告</translation>
    </message>
    <message>
        <source>Interested</source>
        <translation>有意向</translation>
    </message>
    <message>
        <source>Not interested</source>
        <translation>无意向</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>未接通</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>忙线</translation>
    </message>
    <message>
        <source>Wrong number</source>
        <translation>空号/错号</translation>
    </message>
    <message>
        <source>Voicemail</source>
        <translation>语音信箱</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>要求回电</translation>
    </message>
    <message>
        <source>Closed won</source>
        <translation>已成交</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>办公</translation>
    </message>
    <message>
        <source>Landline</source>
        <translation>座机</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>家庭</translation>
    </message>
    <message>
        <source>Fax</source>
        <translation>传真</translation>
    </message>
    <message>
        <source>Key account</source>
        <translation>重点客户</translation>
    </message>
    <message>
        <source>Nurturing</source>
        <translation>中期培育</translation>
    </message>
    <message>
        <source>Budget approved</source>
        <translation>预算已批</translation>
    </message>
    <message>
        <source>Needs a demo</source>
        <translation>需要演示</translation>
    </message>
    <message>
        <source>Uses a competitor</source>
        <translation>竞品在用</translation>
    </message>
    <message>
        <source>Decision maker reached</source>
        <translation>决策人已接触</translation>
    </message>
    <message>
        <source>Year-end purchase</source>
        <translation>年底采购</translation>
    </message>
    <message>
        <source>On trial</source>
        <translation>试用中</translation>
    </message>
    <message>
        <source>Many branches</source>
        <translation>多分支机构</translation>
    </message>
    <message>
        <source>Renewal watch</source>
        <translation>续费关注</translation>
    </message>
    <message>
        <source>Callback</source>
        <translation>回电</translation>
    </message>
    <message>
        <source>Follow up on the trial</source>
        <translation>回访试用情况</translation>
    </message>
    <message>
        <source>Send the quote</source>
        <translation>发送报价单</translation>
    </message>
    <message>
        <source>Confirm the demo time</source>
        <translation>确认演示时间</translation>
    </message>
    <message>
        <source>Follow the contract approval</source>
        <translation>跟进合同审批</translation>
    </message>
    <message>
        <source>Call back: the customer asked</source>
        <translation>回电：客户要求再联系</translation>
    </message>
    <message>
        <source>Invite to the product launch</source>
        <translation>邀约参加产品发布会</translation>
    </message>
    <message>
        <source>Check the budget approval</source>
        <translation>确认预算审批进度</translation>
    </message>
    <message>
        <source>Send a case study from the industry</source>
        <translation>发送同行业成功案例</translation>
    </message>
    <message>
        <source>Arrange a technical session</source>
        <translation>安排售前技术交流</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品介绍</translation>
    </message>
    <message>
        <source>FAQ</source>
        <translation>常见问题</translation>
    </message>
    <message>
        <source>Objections</source>
        <translation>异议处理</translation>
    </message>
    <message>
        <source>Case studies</source>
        <translation>成功案例</translation>
    </message>
    <message>
        <source>Competitors</source>
        <translation>竞品分析</translation>
    </message>
    <message>
        <source>Industry solutions</source>
        <translation>行业方案</translation>
    </message>
    <message>
        <source>Call scripts</source>
        <translation>通话话术</translation>
    </message>
</context>
<context>
    <name>Leadline::WorkspaceBackup</name>
    <message>
        <source>%1 already exists; a backup never overwrites a file.</source>
        <translation>%1 已存在；备份绝不覆盖文件。</translation>
    </message>
    <message>
        <source>The backup to %1 failed: %2</source>
        <translation>备份到 %1 失败：%2</translation>
    </message>
    <message>
        <source>The backup %1 could not be finished: %2</source>
        <translation>无法完成备份 %1：%2</translation>
    </message>
</context>
<context>
    <name>Leadline::WorkspaceCheck</name>
    <message>
        <source>Workspace %1 is read-only: its file or folder may not be written (%2). You can look, but not change anything.</source>
        <translation>工作区 %1 为只读：其文件或文件夹不可写入（%2）。可以查看，但不能做任何修改。</translation>
    </message>
    <message>
        <source>The disk holding workspace %1 is full (%2). Nothing was saved; free some space and try again.</source>
        <translation>工作区 %1 所在的磁盘已满（%2）。未保存任何内容；请释放一些空间后重试。</translation>
    </message>
    <message>
        <source>Workspace %1 cannot be opened (%2): check that the folder exists and may be read and written.</source>
        <translation>无法打开工作区 %1（%2）：请确认文件夹存在且可读写。</translation>
    </message>
    <message>
        <source>Workspace %1 could not be read or written: the disk reported an error (%2).</source>
        <translation>无法读写工作区 %1：磁盘报告错误（%2）。</translation>
    </message>
    <message>
        <source>Workspace %1: %2</source>
        <translation>工作区 %1：%2</translation>
    </message>
    <message>
        <source>Workspace %1 cannot be read (%2).</source>
        <translation>无法读取工作区 %1（%2）。</translation>
    </message>
    <message>
        <source>Workspace %1 is damaged or is not a Leadline workspace (it has no SQLite header). Nothing was changed.</source>
        <translation>工作区 %1 已损坏或不是 Leadline 工作区（没有 SQLite 文件头）。未做任何更改。</translation>
    </message>
    <message>
        <source>the header names an impossible page size</source>
        <translation>文件头中的页大小不可能成立</translation>
    </message>
    <message>
        <source>the file is cut off in the middle of a page</source>
        <translation>文件在某页中间被截断</translation>
    </message>
    <message>
        <source>the file has %1 of its %2 pages; it was cut short</source>
        <translation>文件只有 %2 页中的 %1 页；已被截短</translation>
    </message>
    <message>
        <source>is damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>is missing</source>
        <translation>已丢失</translation>
    </message>
    <message>
        <source>was replaced or damaged</source>
        <translation>已被替换或损坏</translation>
    </message>
    <message>
        <source>is cut short or damaged</source>
        <translation>被截短或已损坏</translation>
    </message>
    <message>
        <source>Workspace %1 is inconsistent: its write-ahead log (%2-wal) %3, so changes that were saved, and may not be synced yet, are not in the file. Nothing was changed; put the original -wal file back next to the workspace.</source>
        <translation>工作区 %1 不一致：其预写日志（%2-wal）%3，因此已保存、可能尚未同步的更改不在文件中。未做任何更改；请把原来的 -wal 文件放回工作区旁边。</translation>
    </message>
    <message>
        <source>Workspace %1 is damaged (%2). Nothing was changed. Rebuild it from the server (leadline workspace recover, or Recover when Leadline starts): the changes not synced yet are saved beside it and sent again, and the damaged file is kept. Or restore a backup (leadline workspace backup makes one).</source>
        <translation>工作区 %1 已损坏（%2）。未做任何更改。可从服务器重建（leadline workspace recover，或在 Leadline 启动时选择“恢复”）：尚未同步的更改会保存在旁边并重新发送，损坏的文件会保留。也可以还原备份（leadline workspace backup 可制作备份）。</translation>
    </message>
    <message>
        <source>Workspace %1 was in use when this file was copied, or its write-ahead log (%2-wal) was removed: changes saved since it was opened, which may not be synced yet, are in that log and not in this file. Nothing was changed. If the original workspace still exists, copy it together with its -wal file, or with leadline workspace backup. Otherwise rebuild it from the server (leadline workspace recover, or Recover when Leadline starts): the changes not synced yet that this file holds are saved beside it and sent again.</source>
        <translation>工作区 %1 在复制此文件时正在使用中，或其预写日志（%2-wal）已被删除：自打开以来保存的更改（可能尚未同步）在该日志中，而不在此文件中。未做任何更改。如果原工作区仍在，请连同其 -wal 文件一起复制，或用 leadline workspace backup 复制。否则请从服务器重建（leadline workspace recover，或在 Leadline 启动时选择“恢复”）：此文件中尚未同步的更改会保存在旁边并重新发送。</translation>
    </message>
</context>
<context>
    <name>Leadline::WorkspaceRecovery</name>
    <message>
        <source>The recovery cannot record its progress in %1 (%2).</source>
        <translation>恢复过程无法在 %1 中记录进度（%2）。</translation>
    </message>
    <message>
        <source>There is no workspace at %1, so there is nothing to recover.</source>
        <translation>%1 处没有工作区，无需恢复。</translation>
    </message>
    <message>
        <source>%1 cannot be moved aside: %2 is in the way (nothing was deleted).</source>
        <translation>无法移开 %1：%2 已存在（未删除任何文件）。</translation>
    </message>
    <message>
        <source>%1 cannot be moved to %2 (%3).</source>
        <translation>无法把 %1 移到 %2（%3）。</translation>
    </message>
    <message>
        <source>The new workspace cannot record a refused change: %1</source>
        <translation>新工作区无法记录被拒绝的更改：%1</translation>
    </message>
    <message>
        <source>The recovery journal %1 is unreadable; the saved changes are in the %2.unsynced-*.jsonl files beside the workspace.</source>
        <translation>恢复日志 %1 无法读取；保存的更改在工作区旁边的 %2.unsynced-*.jsonl 文件中。</translation>
    </message>
    <message numerus="yes">
        <source>Your %n unsynced change(s) are kept in %1.</source>
        <translation>
            <numerusform>你的 %n 条未同步更改保存在 %1 中。</numerusform>
        </translation>
    </message>
    <message>
        <source>The damaged workspace was left as it is. Run the recovery again when the server can be reached.</source>
        <translation>损坏的工作区保持原样。请在能连上服务器时再次运行恢复。</translation>
    </message>
    <message>
        <source>Run the recovery again when the server can be reached: it continues where it stopped.</source>
        <translation>请在能连上服务器时再次运行恢复：它会从中断处继续。</translation>
    </message>
    <message>
        <source>The server could not be reached (%1).</source>
        <translation>无法连接服务器（%1）。</translation>
    </message>
    <message>
        <source>The damaged workspace belonged to another user: sign in as that user to recover it.</source>
        <translation>损坏的工作区属于另一位用户：请以该用户登录后再恢复。</translation>
    </message>
    <message>
        <source>The new workspace could not be filled from the server (%1).</source>
        <translation>无法从服务器填充新工作区（%1）。</translation>
    </message>
    <message>
        <source>The saved changes could not all be sent (%1).</source>
        <translation>保存的更改未能全部发送（%1）。</translation>
    </message>
    <message>
        <source>Run the recovery again: the server keeps any change it already has from applying twice.</source>
        <translation>请再次运行恢复：服务器不会重复应用它已收到的更改。</translation>
    </message>
    <message>
        <source>The recovery finished but %1 cannot be removed.</source>
        <translation>恢复已完成，但无法删除 %1。</translation>
    </message>
</context>
<context>
    <name>Leadline::XlsxReader</name>
    <message>
        <source>%1 is not an Excel workbook (.xlsx) or cannot be opened.</source>
        <translation>%1 不是 Excel 工作簿（.xlsx），或无法打开。</translation>
    </message>
    <message>
        <source>The data is not an Excel workbook (.xlsx).</source>
        <translation>这些数据不是 Excel 工作簿（.xlsx）。</translation>
    </message>
    <message>
        <source>The workbook has no %1.</source>
        <translation>工作簿中没有 %1。</translation>
    </message>
    <message>
        <source>The workbook&apos;s %1 cannot be read.</source>
        <translation>无法读取工作簿中的 %1。</translation>
    </message>
    <message>
        <source>The workbook&apos;s %1 is damaged.</source>
        <translation>工作簿中的 %1 已损坏。</translation>
    </message>
    <message>
        <source>This is not an Excel workbook (it has no xl/workbook.xml).</source>
        <translation>这不是 Excel 工作簿（缺少 xl/workbook.xml）。</translation>
    </message>
    <message>
        <source>The workbook&apos;s list of sheets is damaged: %1</source>
        <translation>工作簿的工作表列表已损坏：%1</translation>
    </message>
    <message>
        <source>The workbook has no sheets.</source>
        <translation>工作簿中没有工作表。</translation>
    </message>
    <message>
        <source>The workbook has no sheet &quot;%1&quot; (sheets: %2).</source>
        <translation>工作簿中没有名为“%1”的工作表（现有工作表：%2）。</translation>
    </message>
    <message>
        <source>The sheet &quot;%1&quot; is missing from the workbook.</source>
        <translation>工作簿中缺少工作表“%1”。</translation>
    </message>
    <message>
        <source>The sheet &quot;%1&quot; cannot be read.</source>
        <translation>无法读取工作表“%1”。</translation>
    </message>
    <message>
        <source>The workbook&apos;s shared strings are damaged: %1</source>
        <translation>工作簿的共享字符串已损坏：%1</translation>
    </message>
    <message>
        <source>The workbook&apos;s styles are damaged: %1</source>
        <translation>工作簿的样式已损坏：%1</translation>
    </message>
    <message>
        <source>The sheet is damaged (it cannot be uncompressed).</source>
        <translation>工作表已损坏（无法解压）。</translation>
    </message>
    <message>
        <source>The sheet is damaged near row %1: %2</source>
        <translation>工作表在第 %1 行附近已损坏：%2</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>A disposition needs a name.</source>
        <translation>请填写通话结果名称。</translation>
    </message>
    <message>
        <source>Hotkeys are 1 to 9.</source>
        <translation>快捷键须为 1 到 9。</translation>
    </message>
</context>
</TS>
