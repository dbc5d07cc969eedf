// The second run of the client's tests: every client they build runs on node's http (./http-library).
process.env.SIGMA_TEST_HTTP_LIBRARY = 'node';
