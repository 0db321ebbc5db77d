#include "baresipprocess.h"

#include "core/telephony/netstring.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTest>
#include <QUdpSocket>

#include <csignal>
#include <sys/types.h>

namespace Leadline::Test {

BaresipProcess::BaresipProcess(const QString &user, bool autoAnswer)
    : m_user(user)
    , m_autoAnswer(autoAnswer)
{}

BaresipProcess::~BaresipProcess()
{
    stop();
}

quint16 BaresipProcess::freePort()
{
    // A port free for both TCP and UDP (SIP listens on both), whose next port is free for TCP
    // too: baresip's SIP over TLS listens there.
    for (int attempt = 0; attempt < 50; ++attempt) {
        QTcpServer server;
        if (!server.listen(QHostAddress::LocalHost, 0))
            continue;
        const quint16 port = server.serverPort();
        server.close();
        if (port == 65535)
            continue;
        QUdpSocket udp;
        QTcpServer tls;
        if (udp.bind(QHostAddress::LocalHost, port) && tls.listen(QHostAddress::LocalHost, port + 1))
            return port;
    }
    return 0;
}

QString BaresipProcess::uri() const
{
    return QStringLiteral("sip:%1@127.0.0.1:%2").arg(m_user).arg(m_sipPort);
}

bool BaresipProcess::start()
{
    m_sipPort = freePort();
    m_controlPort = freePort();
    while (m_controlPort != 0 && (m_controlPort == m_sipPort || m_controlPort == m_sipPort + 1))
        m_controlPort = freePort(); // SIP takes its port and the next one (TLS)
    if (!m_dir.isValid() || m_sipPort == 0 || m_controlPort == 0)
        return false;
    QFile config(m_dir.filePath(QStringLiteral("config")));
    if (!config.open(QIODevice::WriteOnly))
        return false;
    config.write(QStringLiteral("sip_listen 127.0.0.1:%1\n"
                                "net_interface 127.0.0.1\n"
                                "audio_source ausine,440\n"
                                "ausrc_srate 48000\n"
                                "ausrc_channels 2\n"
                                "module_path /usr/lib/baresip/modules\n"
                                "module g711.so\n"
                                "module ausine.so\n"
                                "module account.so\n"
                                "module_app menu.so\n"
                                "module_app ctrl_tcp.so\n"
                                "ctrl_tcp_listen 127.0.0.1:%2\n")
                     .arg(m_sipPort)
                     .arg(m_controlPort)
                     .toUtf8());
    config.close();
    QFile accounts(m_dir.filePath(QStringLiteral("accounts")));
    if (!accounts.open(QIODevice::WriteOnly))
        return false;
    accounts.write(QStringLiteral("<%1>;regint=0%2\n")
                       .arg(uri(), m_autoAnswer ? QStringLiteral(";answermode=auto") : QString())
                       .toUtf8());
    accounts.close();

    m_process.setStandardInputFile(QProcess::nullDevice());
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(QStringLiteral("timeout"),
                    {QStringLiteral("120"), QStringLiteral("baresip"), QStringLiteral("-f"), m_dir.path()});
    if (!m_process.waitForStarted())
        return false;
    return QTest::qWaitFor([this] {
        if (m_process.state() != QProcess::Running)
            return true;
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_controlPort);
        return probe.waitForConnected(200);
    }, 15000) && m_process.state() == QProcess::Running;
}

void BaresipProcess::signalBaresip(int signal)
{
    // baresip runs as the child of `timeout`; signal that child by its pid.
    QFile list(QStringLiteral("/proc/%1/task/%1/children").arg(m_process.processId()));
    if (!list.open(QIODevice::ReadOnly))
        return;
    const QList<QByteArray> pids = list.readAll().trimmed().split(' ');
    for (const QByteArray &pid : pids) {
        if (pid.toInt() > 0)
            ::kill(pid_t(pid.toInt()), signal);
    }
}

void BaresipProcess::crash()
{
    signalBaresip(SIGKILL);
    m_process.waitForFinished(5000);
}

void BaresipProcess::stop()
{
    m_control.abort();
    if (m_process.state() == QProcess::NotRunning)
        return;
    // A polite stop first; baresip waits for its calls to close, which may never happen when
    // the other side is gone, so it is killed (never `timeout` alone, which would orphan it).
    signalBaresip(SIGTERM);
    if (!m_process.waitForFinished(1000)) {
        signalBaresip(SIGKILL);
        m_process.waitForFinished(5000);
    }
}

QString BaresipProcess::log()
{
    return QString::fromUtf8(m_process.readAll());
}

bool BaresipProcess::openControl()
{
    m_control.connectToHost(QHostAddress::LocalHost, m_controlPort);
    return m_control.waitForConnected(5000);
}

void BaresipProcess::command(const QString &name, const QString &params)
{
    QJsonObject command{{QStringLiteral("command"), name}, {QStringLiteral("token"), name}};
    if (!params.isEmpty())
        command.insert(QStringLiteral("params"), params);
    m_control.write(Netstring::encode(QJsonDocument(command).toJson(QJsonDocument::Compact)));
    m_control.flush();
}

QList<QByteArray> BaresipProcess::events()
{
    m_buffer.append(m_control.readAll());
    while (const auto frame = Netstring::take(m_buffer)) {
        const QJsonObject message = QJsonDocument::fromJson(*frame).object();
        if (message.value(QStringLiteral("event")).toBool())
            m_events.append(message.value(QStringLiteral("type")).toString().toUtf8());
    }
    return m_events;
}

} // namespace Leadline::Test
