#!/usr/bin/env bash
# Walks orders down every path of CONTRACT §3 against a running platform (`npm start`).
# Usage: bash docs/walkthrough.sh [http://127.0.0.1:3000]
set -euo pipefail
BASE=${1:-http://127.0.0.1:3000}/api/v1
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);console.log(process.argv[1].split(".").reduce((o,k)=>o?.[k],v))})' "$1"; }
as() { local key=$1 method=$2 path=$3 body=${4:-}; curl -s -X "$method" "$BASE$path" -H "Authorization: Bearer dev-$key" ${body:+-H 'Content-Type: application/json' -d "$body"}; }
place() { as client POST /orders "{\"customerId\":\"walk-1\",\"currency\":\"EUR\",\"lines\":$1}"; }
pay() { local id=$1 total; total=$(as client GET "/orders/$id" | json totals.total); as client POST "/orders/$id/payments" "{\"paymentId\":\"pay-$id\",\"amount\":$total,\"currency\":\"EUR\"}" > /dev/null; }
status() { as client GET "/orders/$1" | json status; }
wait_for() { for _ in $(seq 50); do [ "$(as client GET "/orders/$1" | json "$2")" = "$3" ] && return; sleep 0.2; done; echo "timed out waiting for $2=$3" >&2; exit 1; }

echo '1. physical + travel: paid, shipped, delivered, booked, travelled → completed'
ID=$(place '[{"sku":"BOOK-1","productType":"physical","quantity":2,"unitPrice":1250},{"sku":"TRIP-1","productType":"travel","quantity":1,"unitPrice":10000}]' | json id)
pay "$ID"; wait_for "$ID" modules.logistics.state waiting; wait_for "$ID" modules.travel.state reserved
for step in pick pack ship deliver; do as operator POST "/orders/$ID/shipment/$step" '{}' | json state; done
for step in confirm travel; do as operator POST "/orders/$ID/booking/$step" '{}' | json state; done
wait_for "$ID" status completed; echo "   $ID: $(status "$ID")"

echo '2. digital only: completed as soon as the invoice is paid'
ID=$(place '[{"sku":"EBOOK-1","productType":"digital","quantity":1,"unitPrice":900}]' | json id)
pay "$ID"; wait_for "$ID" status completed; echo "   $ID: $(status "$ID")"

echo '3. cancelled while fulfilling: refund, shipment stopped, booking cancelled'
ID=$(place '[{"sku":"BOOK-2","productType":"physical","quantity":1,"unitPrice":500},{"sku":"TRIP-2","productType":"travel","quantity":1,"unitPrice":700}]' | json id)
pay "$ID"; wait_for "$ID" modules.travel.state reserved
as client POST "/orders/$ID/cancel" '{"reason":"CUSTOMER_REQUEST","note":"changed my mind"}' | json status
wait_for "$ID" modules.finance.state refunded; wait_for "$ID" modules.logistics.state cancelled; wait_for "$ID" modules.travel.state cancelled
echo "   $ID: $(status "$ID") (finance refunded, logistics cancelled, travel cancelled)"

echo '4. cancel after shipped: refused'
ID=$(place '[{"sku":"BOOK-3","productType":"physical","quantity":1,"unitPrice":500}]' | json id)
pay "$ID"; wait_for "$ID" modules.logistics.state waiting
for step in pick pack ship; do as operator POST "/orders/$ID/shipment/$step" '{}' > /dev/null; done; sleep 0.5
echo "   $(as client POST "/orders/$ID/cancel" '{"reason":"CUSTOMER_REQUEST"}' | json code)"

echo '5. the supplier rejects the booking: the order is cancelled (BOOKING_FAILED)'
ID=$(place '[{"sku":"TRIP-3","productType":"travel","quantity":1,"unitPrice":700}]' | json id)
pay "$ID"; wait_for "$ID" modules.travel.state reserved
as operator POST "/orders/$ID/booking/fail" '{"reason":"hotel overbooked"}' > /dev/null
wait_for "$ID" status cancelled; echo "   $ID: $(status "$ID"), reason $(as client GET "/orders/$ID" | json cancellation.reason)"

echo '6. a hold blocks payment; releasing it lets the order go on'
ID=$(place '[{"sku":"EBOOK-2","productType":"digital","quantity":1,"unitPrice":900}]' | json id)
HOLD=$(as operator POST "/orders/$ID/holds" '{"type":"FRAUD","reason":"manual check"}' | json holdId)
echo "   pay while held: $(as client POST "/orders/$ID/payments" "{\"paymentId\":\"p-$ID\",\"amount\":900,\"currency\":\"EUR\"}" | json code)"
as operator POST "/orders/$ID/holds/$HOLD/release" '{"reason":"checked"}' > /dev/null
pay "$ID"; wait_for "$ID" status completed; echo "   $ID: $(status "$ID")"

echo '7. the timeline and notifications of the last order'
as client GET "/orders/$ID/timeline" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>JSON.parse(s).forEach(e=>console.log("   ",e.recordedAt,e.statusCode)))'
as operator GET "/orders/$ID/notifications" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>JSON.parse(s).forEach(n=>console.log("   ",n.kind,n.recipient)))'
