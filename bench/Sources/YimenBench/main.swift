import YimenTransport
import YimenProtos
let r = Yimen_Echo_V1_EchoRequest()
print(r)
