/* Raw loopback TCP reference for the transport benchmarks: the physical limit our SCPI
 * sessions are compared with. One binary, four modes:
 *   pingpong server PORT            answer every '\n'-terminated request with a 40-byte line;
 *                                   swallow a definite block "#<n><len>..." and answer "1\n"
 *   pingpong client PORT N          N round trips of "*IDN?\n" -> 40 bytes; prints round trips/s
 *   pingpong bulk PORT BYTES        send "#9<len>" + BYTES in 1 MiB writes + "\n", wait for "1\n";
 *                                   prints bytes/s
 * Loopback only (127.0.0.1). TCP_NODELAY on both ends, as an instrument session would set. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char answer[] = "QDeviceLab,RAW-PINGPONG,0,0.0.0 padding\n"; /* 40 bytes */

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int connect_to(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) { perror("connect"); exit(1); }
    return fd;
}

static void serve(int port) {
    int l = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(l, (struct sockaddr *)&a, sizeof a) != 0 || listen(l, 4) != 0) { perror("bind"); exit(1); }
    static char buf[1 << 20];
    for (;;) {
        int c = accept(l, NULL, NULL);
        setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        long long block_left = -1; /* > 0 while inside a definite block's payload */
        char line[256];
        size_t used = 0;
        ssize_t n;
        while ((n = read(c, buf, sizeof buf)) > 0) {
            for (ssize_t i = 0; i < n; i++) {
                if (block_left > 0) {
                    ssize_t take = (n - i) < block_left ? (n - i) : (ssize_t)block_left;
                    block_left -= take;
                    i += take - 1;
                    continue;
                }
                if (buf[i] == '#' && i + 1 < n && buf[i + 1] > '0' && buf[i + 1] <= '9') {
                    int digits = buf[i + 1] - '0';
                    char len[16] = {0};
                    if (i + 2 + digits > n) { fprintf(stderr, "block header split across reads\n"); exit(1); }
                    memcpy(len, buf + i + 2, digits);
                    block_left = atoll(len);
                    i += 1 + digits;
                    continue;
                }
                if (buf[i] == '\n') {
                    /* Answer queries only, like an instrument: "*OPC?" with "1", anything else with *IDN?'s length. */
                    if (used == 5 && !memcmp(line, "*OPC?", 5)) write(c, "1\n", 2);
                    else if (used > 0 && line[used - 1] == '?') write(c, answer, sizeof answer - 1);
                    used = 0;
                } else if (used < sizeof line) {
                    line[used++] = buf[i];
                }
            }
        }
        close(c);
    }
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: pingpong server|client|bulk PORT [N|BYTES]\n"); return 64; }
    int port = atoi(argv[2]);
    if (!strcmp(argv[1], "server")) { serve(port); return 0; }
    int fd = connect_to(port);
    char buf[1 << 16];
    if (!strcmp(argv[1], "client")) {
        long n = argc > 3 ? atol(argv[3]) : 100000;
        double t0 = now();
        for (long i = 0; i < n; i++) {
            write(fd, "*IDN?\n", 6);
            size_t got = 0;
            while (got < sizeof answer - 1) { ssize_t r = read(fd, buf, sizeof buf); if (r <= 0) return 1; got += (size_t)r; }
        }
        printf("%.0f\n", n / (now() - t0));
        return 0;
    }
    long long bytes = argc > 3 ? atoll(argv[3]) : (256LL << 20);
    static char chunk[1 << 20];
    char header[64];
    int h = snprintf(header, sizeof header, "WLISt:WAVeform:DATA \"w\",#9%09lld", bytes);
    double t0 = now();
    write(fd, header, h);
    for (long long sent = 0; sent < bytes;) {
        long long want = bytes - sent < (long long)sizeof chunk ? bytes - sent : (long long)sizeof chunk;
        ssize_t w = write(fd, chunk, want);
        if (w <= 0) return 1;
        sent += w;
    }
    write(fd, "\n*OPC?\n", 7);
    if (read(fd, buf, sizeof buf) <= 0) return 1;
    printf("%.0f\n", bytes / (now() - t0));
    return 0;
}
