#pragma once

#include <QByteArray>
#include <QList>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>

namespace Leadline::Test {

/// One baresip softphone for a test: its own config folder, SIP and ctrl_tcp ports on
/// loopback, run in the foreground under `timeout` (so it cannot outlive a crashed test) and
/// stopped when this object goes away.
class BaresipProcess final
{
public:
    /// user: the SIP user ("agent", "customer"); autoAnswer: answer incoming calls at once.
    BaresipProcess(const QString &user, bool autoAnswer);
    ~BaresipProcess();
    BaresipProcess(const BaresipProcess &) = delete;
    BaresipProcess &operator=(const BaresipProcess &) = delete;

    /// Starts baresip and waits until its control port accepts connections.
    bool start();
    /// Kills baresip itself with SIGKILL (a crash: no goodbye on any socket).
    void crash();
    void stop();

    quint16 sipPort() const { return m_sipPort; }
    quint16 controlPort() const { return m_controlPort; }
    QString uri() const;
    /// What baresip printed so far (for failure messages).
    QString log();

    /// A raw control connection of the test's own (to make the customer reject a call).
    bool openControl();
    void command(const QString &name, const QString &params = {});
    /// Event types seen on the raw control connection so far.
    QList<QByteArray> events();

    static quint16 freePort();

private:
    void signalBaresip(int signal);

    QString m_user;
    bool m_autoAnswer;
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_sipPort = 0;
    quint16 m_controlPort = 0;
    QTcpSocket m_control;
    QByteArray m_buffer;
    QList<QByteArray> m_events;
};

} // namespace Leadline::Test
