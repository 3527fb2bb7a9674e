/*
 * A small VISA library for tests: the VISA functions QDeviceLab's native backend calls, implemented
 * for real over TCP so that the backend's marshalling, status mapping and session logic run against
 * a live loopback instrument server.
 *
 *   TCPIP[board]::host::port::SOCKET   connects to host:port
 *   GPIB[board]::N::INSTR              connects to 127.0.0.1:$STANDIN_VISA_GPIB_N (a test sets it)
 *
 * Semantics follow a VISA SOCKET session: a read ends at the termination character when
 * VI_ATTR_TERMCHAR_EN is set (VI_SUCCESS_TERM_CHAR), when the count is filled (VI_SUCCESS_MAX_CNT),
 * or fails with VI_ERROR_TMO / VI_ERROR_CONN_LOST. There is no END on TCP, and the GPIB mapping has
 * no EOI either. viClear discards what has arrived; viReadSTB asks "*STB?" as VISA does on sockets.
 * Types follow visatype.h for 64-bit Linux: ViUInt32 is 32 bits, ViAttrState pointer-sized.
 * Built by the test fixture with: gcc -shared -fPIC -O2 -o libstandin_visa.so standin_visa.c -lpthread
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef int32_t ViStatus;
typedef uint32_t ViUInt32;
typedef uint32_t ViSession;
typedef uint32_t ViObject;
typedef uint32_t ViAttr;
typedef uintptr_t ViAttrState;
typedef uint16_t ViUInt16;
typedef unsigned char ViByte;
typedef char ViChar;

#define VI_SUCCESS ((ViStatus)0)
#define VI_SUCCESS_TERM_CHAR ((ViStatus)0x3FFF0005)
#define VI_SUCCESS_MAX_CNT ((ViStatus)0x3FFF0006)
#define VI_ERROR_SYSTEM_ERROR ((ViStatus)0xBFFF0000)
#define VI_ERROR_INV_OBJECT ((ViStatus)0xBFFF000E)
#define VI_ERROR_RSRC_LOCKED ((ViStatus)0xBFFF000F)
#define VI_ERROR_RSRC_NFOUND ((ViStatus)0xBFFF0011)
#define VI_ERROR_INV_RSRC_NAME ((ViStatus)0xBFFF0012)
#define VI_ERROR_TMO ((ViStatus)0xBFFF0015)
#define VI_ERROR_NSUP_ATTR ((ViStatus)0xBFFF001D)
#define VI_ERROR_IO ((ViStatus)0xBFFF003E)
#define VI_ERROR_SESN_NLOCKED ((ViStatus)0xBFFF009C)
#define VI_ERROR_CONN_LOST ((ViStatus)0xBFFF00A6)

#define VI_ATTR_RSRC_NAME 0xBFFF0002u
#define VI_ATTR_SEND_END_EN 0x3FFF0016u
#define VI_ATTR_TERMCHAR 0x3FFF0018u
#define VI_ATTR_TMO_VALUE 0x3FFF001Au
#define VI_ATTR_TERMCHAR_EN 0x3FFF0038u
#define VI_TMO_INFINITE 0xFFFFFFFFu
#define VI_EXCLUSIVE_LOCK 1u

#define MAX_SESSIONS 256
#define RM_HANDLE 1u
#define FIRST_HANDLE 16u
#define BUFFER_SIZE 65536

struct session {
    int used;
    int fd;
    int find_list; /* a viFindRsrc list rather than an instrument */
    int find_next, find_count;
    char names[16][64];
    char resource[256];
    ViUInt32 timeout_ms;
    ViByte termchar;
    int termchar_enabled;
    int send_end;
    int locked;
    unsigned char buffer[BUFFER_SIZE];
    size_t start, end;
};

static struct session sessions[MAX_SESSIONS];
static pthread_mutex_t table = PTHREAD_MUTEX_INITIALIZER;

static struct session *get(ViSession vi)
{
    if (vi < FIRST_HANDLE || vi >= FIRST_HANDLE + MAX_SESSIONS) return NULL;
    struct session *s = &sessions[vi - FIRST_HANDLE];
    return s->used ? s : NULL;
}

static ViSession allocate(void)
{
    pthread_mutex_lock(&table);
    for (int i = 0; i < MAX_SESSIONS; i++) {
        if (!sessions[i].used) {
            memset(&sessions[i], 0, sizeof sessions[i]);
            sessions[i].used = 1;
            sessions[i].fd = -1;
            pthread_mutex_unlock(&table);
            return FIRST_HANDLE + (ViSession)i;
        }
    }
    pthread_mutex_unlock(&table);
    return 0;
}

ViStatus viOpenDefaultRM(ViSession *vi)
{
    if (!vi) return VI_ERROR_SYSTEM_ERROR;
    *vi = RM_HANDLE;
    return VI_SUCCESS;
}

/* Splits "A::B::C" into at most 5 fields; returns the count. */
static int split(const char *name, char fields[5][128])
{
    int n = 0;
    const char *p = name;
    while (n < 5) {
        const char *sep = strstr(p, "::");
        size_t len = sep ? (size_t)(sep - p) : strlen(p);
        if (len >= 128) return -1;
        memcpy(fields[n], p, len);
        fields[n][len] = 0;
        n++;
        if (!sep) break;
        p = sep + 2;
    }
    return n;
}

static ViStatus connect_to(const char *host, const char *port, int *fd_out)
{
    struct addrinfo hints = {0}, *found = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &found) != 0) return VI_ERROR_RSRC_NFOUND;
    int fd = socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, found->ai_addr, found->ai_addrlen) != 0) {
        if (fd >= 0) close(fd);
        freeaddrinfo(found);
        return VI_ERROR_RSRC_NFOUND;
    }
    freeaddrinfo(found);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    *fd_out = fd;
    return VI_SUCCESS;
}

ViStatus viOpen(ViSession rm, const char *name, ViUInt32 mode, ViUInt32 timeout, ViSession *vi)
{
    (void)mode;
    (void)timeout;
    if (rm != RM_HANDLE) return VI_ERROR_INV_OBJECT;
    if (!name || !vi) return VI_ERROR_INV_RSRC_NAME;
    char f[5][128];
    int n = split(name, f);
    char host[128], port[128];
    if (n == 4 && strncasecmp(f[0], "TCPIP", 5) == 0 && strcasecmp(f[3], "SOCKET") == 0) {
        snprintf(host, sizeof host, "%s", f[1]);
        snprintf(port, sizeof port, "%s", f[2]);
    } else if ((n == 2 || n == 3) && strncasecmp(f[0], "GPIB", 4) == 0 && (n == 2 || strcasecmp(f[2], "INSTR") == 0)) {
        char var[160];
        snprintf(var, sizeof var, "STANDIN_VISA_GPIB_%s", f[1]);
        const char *mapped = getenv(var);
        if (!mapped) return VI_ERROR_RSRC_NFOUND;
        snprintf(host, sizeof host, "127.0.0.1");
        snprintf(port, sizeof port, "%s", mapped);
    } else {
        return VI_ERROR_INV_RSRC_NAME;
    }

    int fd;
    ViStatus st = connect_to(host, port, &fd);
    if (st != VI_SUCCESS) return st;
    ViSession h = allocate();
    if (!h) {
        close(fd);
        return VI_ERROR_SYSTEM_ERROR;
    }
    struct session *s = &sessions[h - FIRST_HANDLE];
    s->fd = fd;
    s->timeout_ms = 2000;
    s->termchar = '\n';
    s->send_end = 1;
    snprintf(s->resource, sizeof s->resource, "%s", name);
    *vi = h;
    return VI_SUCCESS;
}

ViStatus viClose(ViObject vi)
{
    if (vi == RM_HANDLE) return VI_SUCCESS;
    struct session *s = get(vi);
    if (!s) return VI_ERROR_INV_OBJECT;
    if (s->fd >= 0) close(s->fd);
    pthread_mutex_lock(&table);
    s->used = 0;
    pthread_mutex_unlock(&table);
    return VI_SUCCESS;
}

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Waits until fd is ready for events or the deadline passes; 1 ready, 0 timed out, -1 error. */
static int wait_for(int fd, short events, long long deadline)
{
    for (;;) {
        int wait = -1;
        if (deadline >= 0) {
            long long left = deadline - now_ms();
            if (left <= 0) return 0;
            wait = left > 1000000 ? 1000000 : (int)left;
        }
        struct pollfd p = {fd, events, 0};
        int r = poll(&p, 1, wait);
        if (r > 0) return 1;
        if (r < 0 && errno != EINTR) return -1;
        if (r == 0 && deadline >= 0 && now_ms() >= deadline) return 0;
    }
}

static long long deadline_of(struct session *s)
{
    return s->timeout_ms == VI_TMO_INFINITE ? -1 : now_ms() + s->timeout_ms;
}

ViStatus viWrite(ViSession vi, const ViByte *buf, ViUInt32 count, ViUInt32 *ret)
{
    struct session *s = get(vi);
    if (!s || s->find_list) return VI_ERROR_INV_OBJECT;
    long long deadline = deadline_of(s);
    ViUInt32 done = 0;
    while (done < count) {
        int ready = wait_for(s->fd, POLLOUT, deadline);
        if (ready == 0) break;
        ssize_t n = send(s->fd, buf + done, count - done, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (n < 0) {
            if (ret) *ret = done;
            return errno == EPIPE || errno == ECONNRESET ? VI_ERROR_CONN_LOST : VI_ERROR_IO;
        }
        done += (ViUInt32)n;
    }
    if (ret) *ret = done;
    return done == count ? VI_SUCCESS : VI_ERROR_TMO;
}

/* Fills the session buffer with what arrives before the deadline. */
static ViStatus fill(struct session *s, long long deadline)
{
    int ready = wait_for(s->fd, POLLIN, deadline);
    if (ready == 0) return VI_ERROR_TMO;
    if (ready < 0) return VI_ERROR_IO;
    ssize_t n = recv(s->fd, s->buffer, BUFFER_SIZE, 0);
    if (n == 0) return VI_ERROR_CONN_LOST;
    if (n < 0) return errno == ECONNRESET ? VI_ERROR_CONN_LOST : VI_ERROR_IO;
    s->start = 0;
    s->end = (size_t)n;
    return VI_SUCCESS;
}

ViStatus viRead(ViSession vi, ViByte *buf, ViUInt32 count, ViUInt32 *ret)
{
    struct session *s = get(vi);
    if (!s || s->find_list) return VI_ERROR_INV_OBJECT;
    long long deadline = deadline_of(s);
    ViUInt32 done = 0;
    ViStatus st = VI_SUCCESS_MAX_CNT;
    while (done < count) {
        if (s->start == s->end) {
            ViStatus f = fill(s, deadline);
            if (f != VI_SUCCESS) {
                st = f;
                break;
            }
        }
        unsigned char b = s->buffer[s->start++];
        buf[done++] = b;
        if (s->termchar_enabled && b == s->termchar) {
            st = VI_SUCCESS_TERM_CHAR;
            break;
        }
    }
    if (ret) *ret = done;
    return st;
}

ViStatus viSetAttribute(ViObject vi, ViAttr attr, ViAttrState value)
{
    struct session *s = get(vi);
    if (!s) return VI_ERROR_INV_OBJECT;
    switch (attr) {
    case VI_ATTR_TMO_VALUE: s->timeout_ms = (ViUInt32)value; return VI_SUCCESS;
    case VI_ATTR_TERMCHAR: s->termchar = (ViByte)value; return VI_SUCCESS;
    case VI_ATTR_TERMCHAR_EN: s->termchar_enabled = value != 0; return VI_SUCCESS;
    case VI_ATTR_SEND_END_EN: s->send_end = value != 0; return VI_SUCCESS;
    default: return VI_ERROR_NSUP_ATTR;
    }
}

ViStatus viGetAttribute(ViObject vi, ViAttr attr, void *value)
{
    struct session *s = get(vi);
    if (!s || !value) return VI_ERROR_INV_OBJECT;
    switch (attr) {
    case VI_ATTR_TMO_VALUE: *(ViUInt32 *)value = s->timeout_ms; return VI_SUCCESS;
    case VI_ATTR_TERMCHAR: *(ViByte *)value = s->termchar; return VI_SUCCESS;
    case VI_ATTR_TERMCHAR_EN: *(ViUInt16 *)value = (ViUInt16)s->termchar_enabled; return VI_SUCCESS;
    case VI_ATTR_SEND_END_EN: *(ViUInt16 *)value = (ViUInt16)s->send_end; return VI_SUCCESS;
    case VI_ATTR_RSRC_NAME: snprintf((char *)value, 256, "%s", s->resource); return VI_SUCCESS;
    default: return VI_ERROR_NSUP_ATTR;
    }
}

ViStatus viClear(ViSession vi)
{
    struct session *s = get(vi);
    if (!s || s->find_list) return VI_ERROR_INV_OBJECT;
    s->start = s->end = 0;
    unsigned char scratch[4096];
    while (recv(s->fd, scratch, sizeof scratch, MSG_DONTWAIT) > 0) {
    }
    return VI_SUCCESS;
}

ViStatus viReadSTB(ViSession vi, ViUInt16 *status)
{
    struct session *s = get(vi);
    if (!s || s->find_list || !status) return VI_ERROR_INV_OBJECT;
    ViUInt32 n;
    ViStatus st = viWrite(vi, (const ViByte *)"*STB?\n", 6, &n);
    if (st < 0) return st;
    char answer[32];
    int saved_enabled = s->termchar_enabled;
    ViByte saved_char = s->termchar;
    s->termchar_enabled = 1;
    s->termchar = '\n';
    st = viRead(vi, (ViByte *)answer, sizeof answer - 1, &n);
    s->termchar_enabled = saved_enabled;
    s->termchar = saved_char;
    if (st < 0) return st;
    if (st != VI_SUCCESS_TERM_CHAR) return VI_ERROR_IO;
    answer[n] = 0;
    char *end;
    long v = strtol(answer, &end, 10);
    if (end == answer || v < 0 || v > 255) return VI_ERROR_IO;
    *status = (ViUInt16)v;
    return VI_SUCCESS;
}

ViStatus viLock(ViSession vi, ViUInt32 type, ViUInt32 timeout, const char *requested, ViChar *access)
{
    (void)timeout;
    (void)requested;
    (void)access;
    struct session *s = get(vi);
    if (!s || s->find_list) return VI_ERROR_INV_OBJECT;
    pthread_mutex_lock(&table);
    for (int i = 0; i < MAX_SESSIONS; i++) {
        struct session *o = &sessions[i];
        if (o != s && o->used && o->locked && strcasecmp(o->resource, s->resource) == 0) {
            pthread_mutex_unlock(&table);
            return VI_ERROR_RSRC_LOCKED;
        }
    }
    s->locked = type == VI_EXCLUSIVE_LOCK ? 1 : 2;
    pthread_mutex_unlock(&table);
    return VI_SUCCESS;
}

ViStatus viUnlock(ViSession vi)
{
    struct session *s = get(vi);
    if (!s) return VI_ERROR_INV_OBJECT;
    if (!s->locked) return VI_ERROR_SESN_NLOCKED;
    s->locked = 0;
    return VI_SUCCESS;
}

/* Lists GPIB0::N::INSTR for every STANDIN_VISA_GPIB_N in the environment (the expression is not matched). */
extern char **environ;

ViStatus viFindRsrc(ViSession rm, const char *expr, ViUInt32 *list, ViUInt32 *count, ViChar *first)
{
    (void)expr;
    if (rm != RM_HANDLE) return VI_ERROR_INV_OBJECT;
    ViSession h = allocate();
    if (!h) return VI_ERROR_SYSTEM_ERROR;
    struct session *s = &sessions[h - FIRST_HANDLE];
    s->find_list = 1;
    const char *prefix = "STANDIN_VISA_GPIB_";
    for (char **e = environ; *e && s->find_count < 16; e++) {
        if (strncmp(*e, prefix, strlen(prefix)) == 0) {
            const char *n = *e + strlen(prefix);
            int len = (int)(strchr(n, '=') - n);
            snprintf(s->names[s->find_count++], 64, "GPIB0::%.*s::INSTR", len, n);
        }
    }
    if (s->find_count == 0) {
        viClose(h);
        if (count) *count = 0;
        return VI_ERROR_RSRC_NFOUND;
    }
    if (list) *list = h;
    if (count) *count = (ViUInt32)s->find_count;
    snprintf(first, 256, "%s", s->names[0]);
    s->find_next = 1;
    return VI_SUCCESS;
}

ViStatus viFindNext(ViUInt32 list, ViChar *next)
{
    struct session *s = get(list);
    if (!s || !s->find_list) return VI_ERROR_INV_OBJECT;
    if (s->find_next >= s->find_count) return VI_ERROR_RSRC_NFOUND;
    snprintf(next, 256, "%s", s->names[s->find_next++]);
    return VI_SUCCESS;
}

ViStatus viStatusDesc(ViObject vi, ViStatus status, ViChar *desc)
{
    (void)vi;
    const char *text;
    switch (status) {
    case VI_SUCCESS: text = "VI_SUCCESS: Operation completed successfully."; break;
    case VI_SUCCESS_TERM_CHAR: text = "VI_SUCCESS_TERM_CHAR: The specified termination character was read."; break;
    case VI_SUCCESS_MAX_CNT: text = "VI_SUCCESS_MAX_CNT: The number of bytes read is equal to the input count."; break;
    case VI_ERROR_TMO: text = "VI_ERROR_TMO: Timeout expired before operation completed."; break;
    case VI_ERROR_CONN_LOST: text = "VI_ERROR_CONN_LOST: The connection for the given session has been lost."; break;
    case VI_ERROR_RSRC_NFOUND: text = "VI_ERROR_RSRC_NFOUND: Insufficient location information or resource not present in the system."; break;
    case VI_ERROR_INV_RSRC_NAME: text = "VI_ERROR_INV_RSRC_NAME: Invalid resource reference specified. Parsing error."; break;
    case VI_ERROR_RSRC_LOCKED: text = "VI_ERROR_RSRC_LOCKED: Specified type of lock cannot be obtained because the resource is already locked with a lock type incompatible with the lock requested."; break;
    case VI_ERROR_IO: text = "VI_ERROR_IO: Could not perform operation because of I/O error."; break;
    default: snprintf(desc, 256, "Unknown status code 0x%08X.", (unsigned)status); return VI_SUCCESS;
    }
    snprintf(desc, 256, "%s", text);
    return VI_SUCCESS;
}
