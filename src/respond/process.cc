#include "respond/process.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

extern char** environ;

namespace credtrace::respond {

Result<std::string> FindOnPath(const std::string& name) {
  if (name.empty()) return Status::InvalidArgument("empty program name");
  auto usable = [](const std::string& p) {
    struct stat st;
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
  };
  if (name.find('/') != std::string::npos) {
    if (usable(name)) return name;
    return Status::NotFound(name + ": not an executable file");
  }
  const char* path = std::getenv("PATH");
  std::string p = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = p.find(':', start);
    if (end == std::string::npos) end = p.size();
    std::string dir = p.substr(start, end - start);
    if (dir.empty()) dir = ".";
    std::string cand = dir + "/" + name;
    if (usable(cand)) return cand;
    start = end + 1;
  }
  return Status::NotFound(name + ": not found on PATH (install the Debian package awscli)");
}

namespace {

void CloseQuietly(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

Result<ProcessResult> RunProcess(const std::string& program, const std::vector<std::string>& argv,
                                 size_t max_output) {
  if (argv.empty()) return Status::InvalidArgument("empty argv");
  std::vector<char*> cargv;
  for (const std::string& a : argv) {
    if (a.find('\0') != std::string::npos) return Status::InvalidArgument("argument with a NUL byte");
    cargv.push_back(const_cast<char*>(a.c_str()));
  }
  cargv.push_back(nullptr);
  int out_pipe[2], err_pipe[2], exec_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return Status::IoError(std::string("pipe: ") + strerror(errno));
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]), ::close(out_pipe[1]);
    return Status::IoError(std::string("pipe: ") + strerror(errno));
  }
  // Reports an exec failure (errno) to the parent; closed by a successful exec.
  if (::pipe2(exec_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]), ::close(out_pipe[1]), ::close(err_pipe[0]), ::close(err_pipe[1]);
    return Status::IoError(std::string("pipe: ") + strerror(errno));
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    int e = errno;
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1], exec_pipe[0], exec_pipe[1]}) ::close(fd);
    return Status::IoError(std::string("fork: ") + strerror(e));
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls from here.
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    ::signal(SIGPIPE, SIG_DFL);
    ::execve(program.c_str(), cargv.data(), environ);
    int e = errno;
    ssize_t w = ::write(exec_pipe[1], &e, sizeof e);
    (void)w;
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ::close(exec_pipe[1]);
  int exec_errno = 0;
  ssize_t n;
  do n = ::read(exec_pipe[0], &exec_errno, sizeof exec_errno);
  while (n < 0 && errno == EINTR);
  ::close(exec_pipe[0]);
  ProcessResult r;
  int fds[2] = {out_pipe[0], err_pipe[0]};
  std::string* bufs[2] = {&r.out, &r.err};
  bool* trunc[2] = {&r.out_truncated, &r.err_truncated};
  uint64_t* counts[2] = {&r.out_bytes, &r.err_bytes};
  char chunk[65536];
  while (fds[0] >= 0 || fds[1] >= 0) {
    pollfd p[2];
    int np = 0;
    int which[2];
    for (int i = 0; i < 2; ++i)
      if (fds[i] >= 0) {
        p[np] = {fds[i], POLLIN, 0};
        which[np++] = i;
      }
    int rc = ::poll(p, np, -1);
    if (rc < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int k = 0; k < np; ++k) {
      if (!(p[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      int i = which[k];
      ssize_t got = ::read(fds[i], chunk, sizeof chunk);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        CloseQuietly(fds[i]);
        continue;
      }
      *counts[i] += static_cast<uint64_t>(got);
      size_t room = bufs[i]->size() < max_output ? max_output - bufs[i]->size() : 0;
      size_t take = std::min(room, static_cast<size_t>(got));
      bufs[i]->append(chunk, take);
      if (take < static_cast<size_t>(got)) *trunc[i] = true;
    }
  }
  CloseQuietly(fds[0]);
  CloseQuietly(fds[1]);
  int status = 0;
  pid_t w;
  do w = ::waitpid(pid, &status, 0);
  while (w < 0 && errno == EINTR);
  if (n > 0 && exec_errno != 0)
    return Status::IoError(program + ": cannot run: " + strerror(exec_errno));
  if (w < 0) return Status::IoError(std::string("waitpid: ") + strerror(errno));
  if (WIFEXITED(status)) {
    r.exit_status = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    r.signal = WTERMSIG(status);
  }
  return r;
}

}  // namespace credtrace::respond
