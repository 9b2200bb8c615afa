-- Stand-ins for the objects Envoy's Lua filter hands a script (its stream handle API), so that
-- validation can run envoy_on_request/envoy_on_response against them. Every method exists and
-- answers with a value of the type Envoy answers with; the values are fixed samples. Log methods
-- take their message the way Envoy does (concatenated into the log line), so a nil message fails.

local function with_logging(object)
  for _, level in ipairs({ "Trace", "Debug", "Info", "Warn", "Err", "Critical" }) do
    object["log" .. level] = function(self, message)
      local line = "[" .. level .. "] " .. message
      return nil
    end
  end
  return object
end

-- A map-like object: fields not defined as methods read from its sample data, and pairs()
-- iterates that data.
local function map_like(object, data)
  object.data = data
  setmetatable(object, {
    __index = function(self, key) return self.data[key] end,
    __pairs = function(self) return pairs(self.data) end,
  })
  return with_logging(object)
end

local function repeated(value, count)
  local values = {}
  for i = 1, count do values[i] = value end
  return values
end

local ssl = with_logging({})
function ssl:peerCertificatePresented() return true end
function ssl:peerCertificateValidated() return false end
function ssl:uriSanLocalCertificate() return repeated("san", 1000) end
function ssl:sha256PeerCertificateDigest() return "abcdef1234567890" end
function ssl:serialNumberPeerCertificate() return "123456789" end
function ssl:issuerPeerCertificate() return "CN=Mock Issuer, O=Example Org" end
function ssl:subjectPeerCertificate() return "CN=Mock Subject, O=Example Org" end
function ssl:parsedSubjectPeerCertificate()
  return {
    commonName = function() return "Mock Subject" end,
    organizationName = function() return "Example Org" end,
  }
end
function ssl:uriSanPeerCertificate() return { "uri1", "uri2" } end
function ssl:subjectLocalCertificate() return "CN=Local Cert, O=Example Org" end
function ssl:urlEncodedPemEncodedPeerCertificate() return "PEM_ENCODED_PEER_CERT" end
function ssl:urlEncodedPemEncodedPeerCertificateChain() return "PEM_ENCODED_CERT_CHAIN" end
function ssl:dnsSansPeerCertificate() return repeated("example.com", 1000) end
function ssl:dnsSansLocalCertificate() return repeated("local.com", 1000) end
function ssl:oidsPeerCertificate() return repeated("1.2.840.113549.1.1.1", 1000) end
function ssl:oidsLocalCertificate() return repeated("1.2.840.113549.1.1.1", 1000) end
function ssl:validFromPeerCertificate() return 1672531200 end
function ssl:expirationPeerCertificate() return 2724608000 end
function ssl:sessionId() return "abcdef1234567890abcdef1234567890" end
function ssl:ciphersuiteId() return "0x1301" end
function ssl:ciphersuiteString() return "TLS_AES_128_GCM_SHA256" end
function ssl:tlsVersion() return "TLSv1.3" end

local connection = with_logging({})
function connection:ssl() return ssl end

local dynamic_metadata = map_like({}, { key1 = "value1", key2 = "value2" })
function dynamic_metadata:get(filter_name) return "get_result" end
function dynamic_metadata:set(filter_name, key, value) end

local connection_stream_info = with_logging({})
function connection_stream_info:dynamicMetadata() return dynamic_metadata end

local stream_info = with_logging({})
function stream_info:protocol() return "HTTP/2" end
function stream_info:routeName() return "example-route" end
function stream_info:virtualClusterName() return "example-virtual-cluster" end
function stream_info:downstreamDirectLocalAddress() return "127.0.0.1:8080" end
function stream_info:downstreamLocalAddress() return "192.168.1.100:8080" end
function stream_info:downstreamDirectRemoteAddress() return "192.168.1.50:5050" end
function stream_info:downstreamRemoteAddress() return "10.0.0.1:5050" end
function stream_info:dynamicMetadata() return dynamic_metadata end
function stream_info:downstreamSslConnection() return ssl end
function stream_info:requestedServerName() return "example-server" end

local metadata = map_like({}, { key1 = "value1", key2 = "value2" })
function metadata:get(key) return "get_example" end

local buffer = with_logging({})
function buffer:length() return 10 end
function buffer:getBytes(index, length) return "example_bytes" end
function buffer:setBytes(value) end

local headers = map_like({}, { key1 = "value1", key2 = "value2" })
function headers:add(key, value) end
function headers:get(key) return "example_value" end
function headers:getAtIndex(key, index) return "example_value" end
function headers:getNumValues(key) return 1 end
function headers:remove(key) end
function headers:replace(key, value) end
function headers:setHttp1ReasonPhrase(reason) end
function headers:getHttp1ReasonPhrase() return "reason" end

-- The handle passed to envoy_on_request/envoy_on_response.
StreamHandle = with_logging({ data = { buffer } })
function StreamHandle:headers() return headers end
function StreamHandle:body(always_wrap_body) return buffer end
function StreamHandle:bodyChunks()
  local served = 0
  return function()
    served = served + 1
    if served <= 3 then return buffer end
  end
end
function StreamHandle:trailers() return headers end
function StreamHandle:httpCall(cluster, request_headers, body, timeout_ms, asynchronous)
  self:logInfo("httpCall to cluster " .. cluster)
  return request_headers, body
end
function StreamHandle:respond(response_headers, body)
  self:logInfo("respond with status " .. response_headers[":status"])
end
function StreamHandle:metadata() return metadata end
function StreamHandle:streamInfo() return stream_info end
function StreamHandle:connection() return connection end
function StreamHandle:connectionStreamInfo() return connection_stream_info end
function StreamHandle:filterContext() return metadata end
function StreamHandle:setUpstreamOverrideHost(host, strict) end
function StreamHandle:importPublicKey(keyder, keyder_length) return "mocked_public_key" end
function StreamHandle:verifySignature(hash, pubkey, signature, signature_length, data, data_length) return true, "" end
function StreamHandle:base64Escape(value) return value end
function StreamHandle:timestamp(format) return os.time() * 1000 end
function StreamHandle:timestampString(resolution) return os.date("!%Y-%m-%dT%H:%M:%SZ", os.time()) end
