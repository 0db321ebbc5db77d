#include "baresipdialer.h"

#include "netstring.h"
#include "core/domain/clock.h"

#include <QJsonDocument>
#include <QTcpSocket>
#include <QTimer>

namespace Leadline {

namespace {

constexpr int reconnectIntervalMs = 3000;

bool mentions(const QString &text, const char *word)
{
    return text.contains(QLatin1String(word), Qt::CaseInsensitive);
}

} // namespace

BaresipDialer::BaresipDialer(const Clock &clock, const QString &host, quint16 port,
                             QObject *parent)
    : Dialer(parent)
    , m_clock(clock)
    , m_host(host)
    , m_port(port)
    , m_socket(new QTcpSocket(this))
    , m_reconnect(new QTimer(this))
{
    m_reconnect->setSingleShot(true);
    m_reconnect->setInterval(reconnectIntervalMs);
    connect(m_reconnect, &QTimer::timeout, this, &BaresipDialer::connectToBaresip);
    connect(m_socket, &QTcpSocket::readyRead, this, &BaresipDialer::onReadyRead);
    connect(m_socket, &QTcpSocket::connected, this, [this] {
        m_buffer.clear();
        emit controlConnectionChanged(true, tr("Connected to baresip at %1.").arg(address()));
    });
    connect(m_socket, &QTcpSocket::disconnected, this, &BaresipDialer::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &BaresipDialer::onSocketError);
}

BaresipDialer::~BaresipDialer()
{
    // Quiet teardown: no "lost connection" signals from a dialer that is going away.
    m_socket->disconnect(this);
    m_socket->abort();
}

QString BaresipDialer::address() const
{
    return m_host + QLatin1Char(':') + QString::number(m_port);
}

void BaresipDialer::connectToBaresip()
{
    m_reconnect->stop();
    if (m_socket->state() != QAbstractSocket::UnconnectedState)
        m_socket->abort();
    m_socket->connectToHost(m_host, m_port);
}

bool BaresipDialer::isControlConnected() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

QString BaresipDialer::unreachableMessage() const
{
    return tr("baresip is not running, or its control port %1 (ctrl_tcp) is not reachable. "
              "Start baresip, or choose another dialer in Settings.")
        .arg(address());
}

Status BaresipDialer::dial(const QString &e164)
{
    if (m_active)
        return Error{tr("A call is already in progress.")};
    if (!isControlConnected()) {
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            connectToBaresip();
        return Error{unreachableMessage()};
    }
    QString target = m_dialTemplate;
    target.replace(QLatin1String("{number}"), e164);
    m_active = true;
    m_answered = false;
    m_callId.clear();
    m_dialToken = QStringLiteral("dial-%1").arg(m_nextToken++);
    send({{QStringLiteral("command"), QStringLiteral("dial")},
          {QStringLiteral("params"), target},
          {QStringLiteral("token"), m_dialToken}});
    return {};
}

void BaresipDialer::hangup()
{
    if (!m_active)
        return;
    if (!isControlConnected()) {
        finish(CallEnd::Failed, tr("Lost the connection to baresip."));
        return;
    }
    send({{QStringLiteral("command"), QStringLiteral("hangup")},
          {QStringLiteral("token"), QStringLiteral("hangup-%1").arg(m_nextToken++)}});
}

void BaresipDialer::send(const QJsonObject &command)
{
    m_socket->write(Netstring::encode(QJsonDocument(command).toJson(QJsonDocument::Compact)));
    m_socket->flush();
}

void BaresipDialer::onReadyRead()
{
    m_buffer.append(m_socket->readAll());
    for (;;) {
        bool malformed = false;
        const auto frame = Netstring::take(m_buffer, &malformed);
        if (!frame)
            break;
        const QJsonDocument document = QJsonDocument::fromJson(*frame);
        if (document.isObject())
            handleMessage(document.object());
    }
}

void BaresipDialer::handleMessage(const QJsonObject &message)
{
    if (!m_active)
        return;
    if (message.value(QStringLiteral("response")).toBool()) {
        // The reply to dial may come after the call's first events; only a refusal matters.
        if (message.value(QStringLiteral("token")).toString() == m_dialToken
            && !message.value(QStringLiteral("ok")).toBool(true) && m_callId.isEmpty()) {
            const QString reason = message.value(QStringLiteral("data")).toString().trimmed();
            finish(CallEnd::Failed, reason.isEmpty() ? tr("baresip refused the call.") : reason);
        }
        return;
    }
    if (!message.value(QStringLiteral("event")).toBool())
        return;
    const QString type = message.value(QStringLiteral("type")).toString();
    const QString id = message.value(QStringLiteral("id")).toString();
    // Events without a call id (CALL_LOCAL_SDP…) and incoming calls are not ours.
    if (id.isEmpty() || type == QLatin1String("CALL_INCOMING"))
        return;
    if (m_callId.isEmpty())
        m_callId = id;
    else if (id != m_callId)
        return;

    const qint64 now = m_clock.nowMs();
    if (type == QLatin1String("CALL_RINGING") || type == QLatin1String("CALL_PROGRESS")) {
        emit ringing(now);
    } else if (type == QLatin1String("CALL_ESTABLISHED")) {
        m_answered = true;
        emit answered(now);
    } else if (type == QLatin1String("CALL_CLOSED")) {
        const QString reason = message.value(QStringLiteral("param")).toString();
        finish(endingFor(reason), reason);
    }
}

CallEnd BaresipDialer::endingFor(const QString &reason)
{
    if (mentions(reason, "by user"))
        return CallEnd::LocalHangup;
    if (mentions(reason, "by peer"))
        return CallEnd::RemoteHangup;
    if (mentions(reason, "reject") || mentions(reason, "decline") || reason.startsWith(QLatin1String("603")))
        return CallEnd::Rejected;
    if (mentions(reason, "busy") || reason.startsWith(QLatin1String("486"))
        || reason.startsWith(QLatin1String("600"))) {
        return CallEnd::Busy;
    }
    if (reason.startsWith(QLatin1String("408")) || reason.startsWith(QLatin1String("480"))
        || reason.startsWith(QLatin1String("487"))) {
        return CallEnd::NoAnswer;
    }
    return CallEnd::Failed;
}

void BaresipDialer::finish(CallEnd how, const QString &detail)
{
    m_active = false;
    m_callId.clear();
    m_dialToken.clear();
    emit ended(how, detail, m_clock.nowMs());
}

void BaresipDialer::onDisconnected()
{
    if (m_active)
        finish(CallEnd::Failed, tr("Lost the connection to baresip during the call."));
    emit controlConnectionChanged(false, unreachableMessage());
    m_reconnect->start();
}

void BaresipDialer::onSocketError()
{
    // A refused or failed connect never reaches disconnected(); retry from here.
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        if (m_active)
            finish(CallEnd::Failed, tr("Lost the connection to baresip during the call."));
        emit controlConnectionChanged(false, unreachableMessage());
        m_reconnect->start();
    }
}

} // namespace Leadline
