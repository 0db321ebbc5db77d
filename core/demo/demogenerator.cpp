#include "demogenerator.h"

#include "core/knowledge/defaultarticles.h"
#include "demodata.h"
#include "core/rules/defaultrules.h"
#include "core/rules/leadscorer.h"
#include "core/rules/rulerepository.h"
#include "core/storage/localstore.h"
#include "core/domain/clock.h"
#include "core/domain/phonenumber.h"
#include "core/domain/vocabulary.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>

#include <algorithm>
#include <initializer_list>

namespace Leadline {

namespace {

constexpr qint64 minuteMs = 60'000;
constexpr qint64 hourMs = 60 * minuteMs;
constexpr qint64 dayMs = 24 * hourMs;
constexpr qint64 chinaOffsetMs = 8 * hourMs; // the demo's customers and agents are in China

qint64 localDay(qint64 ms) { return (ms + chinaOffsetMs) / dayMs; }
qint64 localDayStart(qint64 day) { return day * dayMs - chinaOffsetMs; }
int weekday(qint64 day) { return int((day + 3) % 7); } // 1970-01-01 was a Thursday; 0 = Monday

// The funnel: 首次联系 … 待签约, 成交, 流失 (Vocabulary::stages() order).
const QList<int> stageWeights = {30, 22, 14, 9, 5, 8, 12};
const double stageCallFactor[] = {0.5, 0.9, 1.2, 1.5, 1.8, 2.0, 1.0};
const QList<int> intentWeights[] = {{5, 20, 35, 40}, {15, 40, 30, 15}, {30, 45, 20, 5},
                                    {55, 35, 10, 0}, {60, 35, 5, 0},   {80, 20, 0, 0},
                                    {0, 0, 30, 70}};
const QStringList mobilePrefixes = {
    QStringLiteral("130"), QStringLiteral("131"), QStringLiteral("132"), QStringLiteral("133"),
    QStringLiteral("135"), QStringLiteral("136"), QStringLiteral("137"), QStringLiteral("138"),
    QStringLiteral("139"), QStringLiteral("150"), QStringLiteral("151"), QStringLiteral("152"),
    QStringLiteral("155"), QStringLiteral("156"), QStringLiteral("158"), QStringLiteral("159"),
    QStringLiteral("180"), QStringLiteral("181"), QStringLiteral("186"), QStringLiteral("187"),
    QStringLiteral("188"), QStringLiteral("189")};

QString text(const QString &value)
{
    return value.isNull() ? QString(QLatin1String("")) : value;
}

QVariant idOrNull(const QString &id)
{
    return id.isEmpty() ? QVariant() : QVariant(id);
}

void bind(QSqlQuery &query, std::initializer_list<QVariant> values)
{
    int index = 0;
    for (const QVariant &value : values)
        query.bindValue(index++, value);
}

bool prepareInsert(QSqlQuery &query, const char *table, const char *columns)
{
    const QString names = QString::fromLatin1(columns);
    QStringList marks;
    for (int i = 0, n = int(names.count(QLatin1Char(','))) + 1; i < n; ++i)
        marks.append(QStringLiteral("?"));
    return query.prepare(QStringLiteral("INSERT INTO %1(%2) VALUES(%3)")
                             .arg(QLatin1String(table), names, marks.join(QLatin1Char(','))));
}

QString name(const char *utf8) { return QString::fromUtf8(utf8); }

} // namespace

DemoGenerator::DemoGenerator(LocalStore &store, DemoRandom &random, qint64 nowMs,
                             const DemoOptions &options)
    : m_store(store)
    , m_random(random)
    , m_now(nowMs)
    , m_options(options)
    , m_customer(store.database())
    , m_contact(store.database())
    , m_phone(store.database())
    , m_customerTag(store.database())
    , m_call(store.database())
    , m_note(store.database())
    , m_todo(store.database())
    , m_event(store.database())
{
    double weighted = 0;
    int total = 0;
    for (int i = 0; i < stageWeights.size(); ++i) {
        weighted += stageWeights.at(i) * stageCallFactor[i];
        total += stageWeights.at(i);
    }
    m_stageFactorMean = weighted / total;
}

Status DemoGenerator::prepare(const QHash<QString, QString> &dispositionIds, const Staff &staff)
{
    m_dispositions = dispositionIds;
    m_staff = staff;
    const bool prepared =
        prepareInsert(m_customer, "customers",
                      "id,name,company,title,email,industry,region,source,intent,stage,"
                      "customer_type,owner_id,score,score_reasons,amount,created_at,assigned_at,"
                      "last_contact_at,updated_at,updated_by")
        && prepareInsert(m_contact, "contacts",
                         "id,customer_id,name,title,email,is_primary,updated_at,updated_by")
        && prepareInsert(m_phone, "phones",
                         "id,contact_id,customer_id,e164,e164_digits,national,national_rev,label,"
                         "updated_at,updated_by")
        && prepareInsert(m_customerTag, "customer_tags", "id,customer_id,tag_id,updated_at,updated_by")
        && prepareInsert(m_call, "calls",
                         "id,customer_id,contact_id,phone_e164,agent_id,direction,started_at,"
                         "connected_at,ended_at,duration_s,outcome,disposition_id,note,updated_at,"
                         "updated_by")
        && prepareInsert(m_note, "notes", "id,customer_id,agent_id,body,created_at,updated_at,updated_by")
        && prepareInsert(m_todo, "todos",
                         "id,customer_id,agent_id,kind,title,due_at,priority,completed_at,"
                         "created_at,updated_at,updated_by")
        && prepareInsert(m_event, "stage_changes",
                         "id,customer_id,agent_id,kind,from_value,to_value,detail,at,updated_at,"
                         "updated_by");
    if (!prepared) {
        return Error{QCoreApplication::translate("Leadline::DemoWorkspace",
                                                 "The workspace schema does not fit the demo: %1")
                         .arg(m_customer.lastError().text())};
    }
    return {};
}

Status DemoGenerator::exec(QSqlQuery &query)
{
    if (query.exec())
        return {};
    return Error{QCoreApplication::translate("Leadline::DemoWorkspace",
                                             "The demo data could not be written: %1")
                     .arg(query.lastError().text())};
}

Status DemoGenerator::writeTags()
{
    QSqlQuery query(m_store.database());
    prepareInsert(query, "tags", "id,name,color,updated_at,updated_by");
    static const char *colors[] = {"#d9534f", "#5bc0de", "#5cb85c", "#f0ad4e", "#8e44ad",
                                   "#337ab7", "#e67e22", "#16a085", "#7f8c8d", "#c0392b"};
    int index = 0;
    for (const QString &tag : DemoData::tags()) {
        const QString id = m_random.uuid();
        bind(query, {id, tag, QString::fromLatin1(colors[index++ % 10]), m_now,
                     idOrNull(m_staff.supervisorIds.value(0))});
        if (auto done = exec(query); !done)
            return done;
        m_tagIds.append(id);
    }
    return {};
}

Status DemoGenerator::writeArticles(const QString &author)
{
    QSqlQuery query(m_store.database());
    prepareInsert(query, "articles",
                  "id,title,body,category,tags,stages,industries,customer_types,author,"
                  "updated_at,updated_by");
    for (const Article &article : DefaultArticles::load()) {
        const qint64 updated = m_now - m_random.between(1, 120) * dayMs;
        bind(query, {m_random.uuid(), article.title, article.body, text(article.category),
                     text(article.tags), text(article.stages), text(article.industries),
                     text(article.customerTypes), author, updated,
                     idOrNull(m_staff.supervisorIds.value(0))});
        if (auto done = exec(query); !done)
            return done;
        ++m_summary.articles;
    }
    return {};
}

Status DemoGenerator::writeRules()
{
    QSqlQuery query(m_store.database());
    prepareInsert(query, "rules",
                  "id,name,trigger_kind,trigger_field,trigger_value,condition,actions,enabled,"
                  "sort_order,updated_at,updated_by");
    int order = 0;
    const auto notNull = [](const QString &value) {
        return value.isNull() ? QString(QLatin1String("")) : value;
    };
    for (const Rule &rule : DefaultRules::all()) {
        bind(query, {rule.id, rule.name, RuleTrigger::name(rule.trigger.kind),
                     notNull(rule.trigger.field), notNull(rule.trigger.value), rule.condition,
                     RuleRepository::actionsToJson(rule.actions), rule.enabled ? 1 : 0, ++order,
                     m_now, idOrNull(m_staff.supervisorIds.value(0))});
        if (auto done = exec(query); !done)
            return done;
    }
    return {};
}

qint64 DemoGenerator::workingTimeBetween(qint64 fromMs, qint64 toMs)
{
    if (toMs - fromMs < 2 * hourMs)
        return fromMs + m_random.between(0, std::max<qint64>(0, toMs - fromMs - 1));
    for (int attempt = 0; attempt < 8; ++attempt) {
        const qint64 day = m_random.between(localDay(fromMs), localDay(toMs));
        if (weekday(day) >= 5 && attempt < 6)
            continue;
        const qint64 at = localDayStart(day) + m_random.between(9 * hourMs, 18 * hourMs - 1);
        if (at >= fromMs && at < toMs)
            return at;
    }
    return fromMs + (toMs - fromMs) / 2;
}

QString DemoGenerator::callDisposition(int stageIndex, bool last)
{
    if (last && stageIndex == 5)
        return name("已成交");
    if (last && stageIndex == 6)
        return name("无意向");
    if (last && stageIndex >= 1)
        return m_random.chance(0.6) ? name("有意向") : name("要求回电");
    static const QList<int> weights = {17, 8, 38, 10, 1, 6, 20};
    static const char *names[] = {"有意向", "无意向", "未接通", "忙线", "空号/错号", "语音信箱", "要求回电"};
    return name(names[m_random.weighted(weights)]);
}

Status DemoGenerator::writeCall(const QString &customerId, const CallPlan &plan)
{
    const QString &d = plan.disposition;
    const bool connect = d == name("有意向") || d == name("无意向") || d == name("要求回电")
                         || d == name("已成交");
    int duration = 0;
    QString outcome = QStringLiteral("no_answer");
    QString note = QString(QLatin1String(""));
    qint64 ended = plan.at + m_random.between(25, 45) * 1000;
    QVariant connectedAt;
    if (connect) {
        outcome = QStringLiteral("connected");
        const qint64 connected = plan.at + m_random.between(5, 25) * 1000;
        connectedAt = connected;
        if (d == name("有意向")) {
            duration = int(m_random.between(120, 900));
            note = m_random.pick(DemoData::connectNotes()) + m_random.pick(DemoData::nextSteps());
        } else if (d == name("无意向")) {
            duration = int(m_random.between(30, 180));
            note = m_random.chance(0.5) ? name("客户表示暂无需求，已礼貌结束通话。")
                                        : m_random.pick(DemoData::lossReasons());
        } else if (d == name("要求回电")) {
            duration = int(m_random.between(30, 150));
            note = name("客户正在开会，要求") + m_random.pick(DemoData::nextSteps());
        } else {
            duration = int(m_random.between(300, 900));
            note = name("合同已签署，首付款已确认，移交客户成功团队安排上线培训。");
        }
        ended = connected + duration * 1000LL;
    } else if (d == name("忙线")) {
        outcome = QStringLiteral("busy");
        ended = plan.at + 3000;
    } else if (d == name("空号/错号")) {
        outcome = QStringLiteral("failed");
        ended = plan.at + 5000;
        note = name("提示号码不存在，需核实联系方式。");
    } else if (d == name("语音信箱")) {
        note = name("转入语音信箱，未留言。");
    }
    bind(m_call, {m_random.uuid(), customerId, plan.contactId, plan.phone, plan.agentId,
                  QStringLiteral("out"), plan.at, connectedAt, ended, duration, outcome,
                  idOrNull(m_dispositions.value(d)), note, ended, idOrNull(plan.agentId)});
    ++m_summary.calls;
    return exec(m_call);
}

Status DemoGenerator::writeTodos(const QString &customerId, const QString &ownerId,
                                 const QString &intent, int stageIndex,
                                 const QList<CallPlan> &calls, qint64 createdAt)
{
    if (ownerId.isEmpty())
        return {};
    const int priority = intent == name("高") ? 1 : intent == name("中") ? 2 : 3;
    const qint64 base = calls.isEmpty() ? createdAt : calls.last().at;
    if (calls.size() >= 2 && m_random.chance(0.5)) {
        // A callback that was kept: due at the last call, completed by it.
        const qint64 due = calls.last().at;
        bind(m_todo, {m_random.uuid(), customerId, ownerId, QStringLiteral("callback"),
                      m_random.pick(DemoData::todoTitles()), due, priority, due,
                      calls.at(calls.size() - 2).at, due, ownerId});
        if (auto done = exec(m_todo); !done)
            return done;
        ++m_summary.todos;
    }
    if (stageIndex >= 5)
        return {};
    const double r = m_random.unit();
    qint64 due = 0;
    // As on a real floor: a handful overdue (a day or two late at most), most due today and ahead.
    if (r < 0.04) {
        due = m_now - m_random.between(hourMs, 2 * dayMs);
    } else if (r < 0.34) {
        const qint64 dayEnd = localDayStart(localDay(m_now)) + 18 * hourMs;
        const qint64 from = m_now + 30 * minuteMs;
        due = from < dayEnd ? m_random.between(from, dayEnd) : from + m_random.between(0, 4 * hourMs);
    } else if (r < 0.84) {
        const qint64 tomorrow = localDayStart(localDay(m_now) + 1);
        due = workingTimeBetween(tomorrow, tomorrow + 14 * dayMs);
    } else {
        return {};
    }
    QString kind = QStringLiteral("callback");
    if (m_random.chance(0.1))
        kind = QStringLiteral("meeting");
    else if (stageIndex >= 2 && m_random.chance(0.3))
        kind = QStringLiteral("task");
    const qint64 created = std::max(createdAt, std::min(base, due - hourMs));
    bind(m_todo, {m_random.uuid(), customerId, ownerId, kind, m_random.pick(DemoData::todoTitles()),
                  due, priority, QVariant(), created, created, ownerId});
    ++m_summary.todos;
    return exec(m_todo);
}

Status DemoGenerator::writeStageEvents(const QString &customerId, const QString &agentId,
                                       int stageIndex, int lostAfter, const QList<CallPlan> &calls,
                                       qint64 createdAt)
{
    const QStringList &stages = Vocabulary::stages();
    QList<QPair<QString, QString>> steps;
    const int reached = stageIndex == 6 ? lostAfter : stageIndex;
    for (int i = 0; i < reached; ++i)
        steps.append({stages.at(i), stages.at(i + 1)});
    if (stageIndex == 6)
        steps.append({stages.at(lostAfter), stages.at(6)});
    const qsizetype n = calls.size();
    for (qsizetype k = 0; k < steps.size(); ++k) {
        qint64 at = createdAt + (k + 1) * hourMs;
        if (n > 0) {
            const bool final = k == steps.size() - 1 && stageIndex >= 5;
            at = final ? calls.last().at : calls.at(std::min(n - 1, (k + 1) * n / (steps.size() + 1))).at;
            at += 5 * minuteMs;
        }
        const QString detail = stageIndex == 6 && k == steps.size() - 1
                                   ? m_random.pick(DemoData::lossReasons())
                                   : QString(QLatin1String(""));
        bind(m_event, {m_random.uuid(), customerId, idOrNull(agentId), QStringLiteral("stage"),
                       steps.at(k).first, steps.at(k).second, detail, at, at, idOrNull(agentId)});
        if (auto done = exec(m_event); !done)
            return done;
    }
    return {};
}

Status DemoGenerator::writeCustomer()
{
    const int stageIndex = m_random.weighted(stageWeights);
    const QString stage = Vocabulary::stages().at(stageIndex);
    const bool pooled = m_random.chance(0.05);
    const QString caller = m_random.pick(m_staff.agentIds);
    const QString ownerId = pooled ? QString() : caller;
    const bool fresh = stageIndex == 0 && m_random.chance(0.2);
    const qint64 createdAt = fresh ? m_now - m_random.between(10 * minuteMs, 3 * dayMs)
                                   : m_now - m_random.between(3 * dayMs, 365 * dayMs);

    const DemoCity &city = DemoData::cities().at(int(m_random.between(0, DemoData::cities().size() - 1)));
    static const QList<int> industryWeights = [] {
        QList<int> weights;
        for (const DemoIndustry &industry : DemoData::industries())
            weights.append(industry.weight);
        return weights;
    }();
    const DemoIndustry &industry = DemoData::industries().at(m_random.weighted(industryWeights));
    const int brand = int(m_random.between(0, DemoData::brandNames().size() - 1));
    const QString company = city.name + DemoData::brandNames().at(brand)
                            + m_random.pick(industry.companyWords) + name("有限公司");
    const QString customerType = m_random.pick(Vocabulary::customerTypes());
    const QString source = DemoData::sources().at(m_random.weighted(DemoData::sourceWeights()));
    const QString intent = Vocabulary::intents().at(m_random.weighted(intentWeights[stageIndex]));
    const QString customerId = m_random.uuid();

    // Contacts and their phones.
    struct ContactRow
    {
        QString id, name, title, email;
        QList<PhoneNumber> phones;
        QStringList labels;
    };
    QList<ContactRow> contacts;
    const int contactCount = 1 + m_random.weighted(QList<int>{55, 32, 13});
    for (int c = 0; c < contactCount; ++c) {
        ContactRow contact;
        contact.id = m_random.uuid();
        const int surname = m_random.weighted(DemoData::surnameWeights());
        contact.name = DemoData::surnames().at(surname) + m_random.pick(DemoData::givenNameChars());
        if (m_random.chance(0.7))
            contact.name += m_random.pick(DemoData::givenNameChars());
        contact.title = m_random.pick(DemoData::titles());
        contact.email = QString(QLatin1String(""));
        if (m_random.chance(0.6)) {
            contact.email = QStringLiteral("%1%2@%3.com")
                                .arg(DemoData::surnamePinyin().at(surname))
                                .arg(m_random.between(1, 999))
                                .arg(DemoData::brandPinyin().at(brand));
        }
        const int phoneCount = m_random.chance(0.3) ? 2 : 1;
        for (int p = 0; p < phoneCount; ++p) {
            Result<PhoneNumber> parsed = Error{};
            QString label = name("手机");
            if (p == 1 && m_random.chance(0.5)) {
                label = name("办公");
                parsed = PhoneNumbers::parse(QStringLiteral("0%1-%2%3")
                                                 .arg(city.areaCode)
                                                 .arg(m_random.between(2, 8))
                                                 .arg(m_random.between(0, 9999999), 7, 10, QLatin1Char('0')));
            }
            if (!parsed) {
                label = name("手机");
                parsed = PhoneNumbers::parse(m_random.pick(mobilePrefixes)
                                             + QStringLiteral("%1").arg(m_random.between(0, 99999999), 8,
                                                                        10, QLatin1Char('0')));
            }
            if (parsed) {
                contact.phones.append(parsed.value());
                contact.labels.append(label);
            }
        }
        contacts.append(contact);
    }

    // A year of calls, oldest first.
    QList<CallPlan> calls;
    if (!fresh) {
        const double mean = m_options.callsPerCustomer * stageCallFactor[stageIndex] / m_stageFactorMean;
        const int count = std::max(1, int(mean * (0.4 + 1.2 * m_random.unit()) + 0.5));
        QList<qint64> times;
        for (int i = 0; i < count; ++i)
            times.append(workingTimeBetween(createdAt + 10 * minuteMs, m_now - 30 * minuteMs));
        std::sort(times.begin(), times.end());
        // A team calls its hot leads back within a day or two: only a few high-intent customers
        // have been left for three days (the default rule's reminder), not a wall of them.
        if (intent == name("高") && stageIndex < 5 && m_random.chance(0.93)) {
            const qint64 from = std::max(createdAt + 10 * minuteMs, m_now - 2 * dayMs);
            times.last() = std::max(times.last(), workingTimeBetween(from, m_now - 30 * minuteMs));
        }
        for (int i = 0; i < count; ++i) {
            const ContactRow &contact = contacts.at(int(m_random.between(0, contacts.size() - 1)));
            CallPlan plan;
            plan.at = times.at(i);
            plan.contactId = contact.id;
            plan.phone = contact.phones.isEmpty()
                             ? QString(QLatin1String(""))
                             : contact.phones.at(int(m_random.between(0, contact.phones.size() - 1))).e164;
            plan.agentId = caller;
            plan.disposition = callDisposition(stageIndex, i == count - 1);
            calls.append(plan);
        }
    }
    const QVariant lastContact = calls.isEmpty() ? QVariant() : QVariant(calls.last().at);

    // Tags, then the lead score and the reasons for it.
    QList<int> tagIndexes;
    const int tagCount = m_random.weighted(QList<int>{45, 35, 15, 5});
    while (tagIndexes.size() < tagCount) {
        const int index = int(m_random.between(0, m_tagIds.size() - 1));
        if (!tagIndexes.contains(index))
            tagIndexes.append(index);
    }
    // The lead score as the rules compute it (LeadScorer), from the same facts a sweep reads.
    CustomerFacts facts;
    facts.customer.industry = industry.name;
    facts.customer.region = city.region;
    facts.customer.title = contacts.first().title;
    facts.customer.intent = intent;
    facts.customer.stage = stage;
    facts.customer.createdAt = createdAt;
    if (!calls.isEmpty())
        facts.customer.lastContactAt = calls.last().at;
    for (const CallPlan &plan : std::as_const(calls)) {
        const QString &d = plan.disposition;
        const bool connected = d == name("有意向") || d == name("无意向") || d == name("要求回电")
                               || d == name("已成交");
        facts.calls.append(CallFact{plan.at, d, {}, connected, 0, {}});
    }
    const FakeClock scoreClock(m_now);
    const LeadScore leadScore = LeadScorer(ScoreWeights::defaults(), scoreClock).score(facts);
    const int score = leadScore.score;
    const double amount = stageIndex >= 3 && stageIndex <= 5 ? double(m_random.between(5, 80) * 1980) : 0.0;

    for (int c = 0; c < contacts.size(); ++c) {
        const ContactRow &contact = contacts.at(c);
        bind(m_contact, {contact.id, customerId, contact.name, contact.title, contact.email,
                         c == 0 ? 1 : 0, createdAt, idOrNull(caller)});
        if (auto done = exec(m_contact); !done)
            return done;
        ++m_summary.contacts;
        for (int p = 0; p < contact.phones.size(); ++p) {
            const PhoneNumber &phone = contact.phones.at(p);
            bind(m_phone, {m_random.uuid(), contact.id, customerId, phone.e164, phone.e164Digits,
                           phone.national, phone.nationalRev, contact.labels.at(p), createdAt,
                           idOrNull(caller)});
            if (auto done = exec(m_phone); !done)
                return done;
            ++m_summary.phones;
        }
    }
    for (int index : tagIndexes) {
        bind(m_customerTag, {m_random.uuid(), customerId, m_tagIds.at(index), createdAt, idOrNull(caller)});
        if (auto done = exec(m_customerTag); !done)
            return done;
    }
    // The customer row goes in after its contacts and tags (foreign keys are deferred), so
    // the customer search triggers index it once, complete.
    const qint64 updatedAt = calls.isEmpty() ? createdAt : std::max(createdAt, calls.last().at);
    const ContactRow &primary = contacts.first();
    bind(m_customer, {customerId, primary.name, company, primary.title, primary.email, industry.name,
                      city.region, source, intent, stage, customerType, idOrNull(ownerId), score,
                      leadScore.reasonsJson(),
                      amount, createdAt,
                      ownerId.isEmpty() ? QVariant() : QVariant(createdAt + m_random.between(1, 120) * minuteMs),
                      lastContact, updatedAt, idOrNull(caller)});
    if (auto done = exec(m_customer); !done)
        return done;
    ++m_summary.customers;

    for (const CallPlan &plan : calls) {
        if (auto done = writeCall(customerId, plan); !done)
            return done;
    }
    if (m_random.chance(0.25)) {
        const qint64 at = std::min(m_now - minuteMs, createdAt + m_random.between(hourMs, 3 * dayMs));
        bind(m_note, {m_random.uuid(), customerId, caller, m_random.pick(DemoData::freeNotes()), at,
                      at, caller});
        if (auto done = exec(m_note); !done)
            return done;
        ++m_summary.notes;
    }
    if (auto done = writeTodos(customerId, ownerId, intent, stageIndex, calls, createdAt); !done)
        return done;
    if (auto done = writeStageEvents(customerId, caller, stageIndex, int(m_random.between(0, 3)),
                                     calls, createdAt);
        !done) {
        return done;
    }
    if (pooled && !calls.isEmpty()) {
        const qint64 at = std::min(m_now - minuteMs, calls.last().at + m_random.between(1, 3) * dayMs);
        bind(m_event, {m_random.uuid(), customerId, QVariant(), QStringLiteral("owner"), caller,
                       QString(QLatin1String("")), name("超过跟进时限未跟进，自动退回公海"), at, at,
                       QVariant()});
        if (auto done = exec(m_event); !done)
            return done;
    }
    return {};
}

} // namespace Leadline
