//! `mask` on configuration text of every platform, written from the vendors' command
//! references: every secret kind each platform can hold, next to look-alike lines that
//! must stay untouched.

mod common;

use common::check;
use kenshin_secrets::SecretKind::*;

#[test]
fn cisco_ios_and_ios_xe() {
    let text = r#"version 17.9
service timestamps log datetime msec localtime
service password-encryption
no service password-recovery
hostname core-rtr
!
enable secret 9 $9$SxIosEnab9q7Rk2$mQ3vXr0wz8mYtL2bNc5dF7gH1jK4pS6uV9xZ0aBcDeF
enable password 7 110A1016141D5A5E57
username netadmin privilege 15 secret 9 $9$SxIosAdmn9p4Ww1$Wq2eRt4yUi6oPa8sDf0gHj2kLz4xCv6bNm8qWe0rTyU
username vendor-a privilege 15 password 7 0822455D0A16425E0A1F
username legacy password 0 SxIosPlainLegacy
username md5user secret 5 $1$SxI5$Hk3lMn5oPq7rSt9uVw1xY.
username pbkuser secret 8 $8$SxIosPb8salt$Lm4nOp6qRs8tUv0wXy2zA4bC6dE8fG0hI2jK4lM6nO8
security passwords min-length 10
login block-for 120 attempts 5 within 60
aaa new-model
aaa authentication login default local
!
tacacs server TAC1
 address ipv4 10.10.1.10
 key 7 045802150C2E1D1C5A
radius server RAD1
 address ipv4 10.10.1.11 auth-port 1812 acct-port 1813
 key SxIosRadiusBlockKey
 pac key 7 0104070A5A0E0B4F
tacacs-server host 10.10.1.12 key 7 1511021F07257A767B
aaa group server tacacs+ ISE-GROUP
 server-private 10.10.1.14 key 7 0835495D1D0A0B1A
radius-server key SxIosRadiusGlobal
aaa server radius dynamic-author
 client 10.10.1.13 server-key 7 02050D480809
!
key chain OSPF-KEYS
 key 1
  key-string 7 05080F1C22431F5B4A
!
interface GigabitEthernet0/0
 description 院内LAN
 ip address 10.10.0.1 255.255.255.0
 ip ospf message-digest-key 1 md5 7 13061E010803557878
 ip ospf authentication-key SxIosOspfAuth
 standby 1 authentication md5 key-string SxIosHsrpKey
 vrrp 2 authentication text SxIosVrrpText
!
router bgp 65000
 neighbor 10.10.0.2 password 7 0703204E5F1C1A0B
!
crypto isakmp key 6 SxIosIsakmp6Value address 203.0.113.1
crypto keyring KR
 pre-shared-key address 203.0.113.2 key SxIosKeyringPsk
crypto ikev2 keyring KR2
 peer P1
  address 203.0.113.3
  pre-shared-key local SxIosIkev2Local
  pre-shared-key remote 6 SxIosIkev2Remote6
!
snmp-server community SxIosCommRO RO 10
snmp-server community SxIosCommRW RW
snmp-server host 10.10.1.20 version 2c SxIosTrapComm
snmp-server host 10.10.1.21 informs version 3 priv v3user
snmp-server user v3user v3group v3 auth sha SxIosV3Auth priv aes 128 SxIosV3Priv
ntp authentication-key 1 md5 00071A150754 7
ntp trusted-key 1
dot11 ssid HOSPITAL-WARD
 wpa-psk ascii 0 SxIosWpaPsk
archive
 path scp://backup:SxIosUrlPw@10.10.1.30/configs/
ip http authentication local
crypto key generate rsa modulus 2048
!
banner motd ^C
Authorized access only. Password sharing is prohibited: your password is yours.
password 7 is not a secret inside a banner
^C
line vty 0 4
 password 7 104D000A0618
 login local
 transport input ssh
end
"#;
    check(
        text,
        &[
            ("$9$SxIosEnab9q7Rk2$mQ3vXr0wz8mYtL2bNc5dF7gH1jK4pS6uV9xZ0aBcDeF", Type9Hash),
            ("110A1016141D5A5E57", Type7Password),
            ("$9$SxIosAdmn9p4Ww1$Wq2eRt4yUi6oPa8sDf0gHj2kLz4xCv6bNm8qWe0rTyU", Type9Hash),
            ("0822455D0A16425E0A1F", Type7Password),
            ("SxIosPlainLegacy", PlainPassword),
            ("$1$SxI5$Hk3lMn5oPq7rSt9uVw1xY.", Md5Hash),
            ("$8$SxIosPb8salt$Lm4nOp6qRs8tUv0wXy2zA4bC6dE8fG0hI2jK4lM6nO8", Type8Hash),
            ("045802150C2E1D1C5A", Type7Password),
            ("SxIosRadiusBlockKey", PreSharedKey),
            ("0104070A5A0E0B4F", Type7Password),
            ("1511021F07257A767B", Type7Password),
            ("0835495D1D0A0B1A", Type7Password),
            ("SxIosRadiusGlobal", PreSharedKey),
            ("02050D480809", Type7Password),
            ("05080F1C22431F5B4A", Type7Password),
            ("13061E010803557878", Type7Password),
            ("SxIosOspfAuth", PreSharedKey),
            ("SxIosHsrpKey", PreSharedKey),
            ("SxIosVrrpText", PlainPassword),
            ("0703204E5F1C1A0B", Type7Password),
            ("SxIosIsakmp6Value", Type6Password),
            ("SxIosKeyringPsk", PreSharedKey),
            ("SxIosIkev2Local", PreSharedKey),
            ("SxIosIkev2Remote6", Type6Password),
            ("SxIosCommRO", SnmpCommunity),
            ("SxIosCommRW", SnmpCommunity),
            ("SxIosTrapComm", SnmpCommunity),
            ("SxIosV3Auth", SnmpV3Key),
            ("SxIosV3Priv", SnmpV3Key),
            ("00071A150754", Type7Password),
            ("SxIosWpaPsk", PreSharedKey),
            ("SxIosUrlPw", PlainPassword),
            ("104D000A0618", Type7Password),
        ],
        &[
            "enable secret 9 ********\n",
            "enable password 7 ********\n",
            "username vendor-a privilege 15 password 7 ********\n",
            "username legacy password 0 ********\n",
            " key 7 ********\n",
            "  pre-shared-key remote 6 ********\n",
            "snmp-server community ******** RO 10\n",
            "snmp-server user v3user v3group v3 auth sha ******** priv aes 128 ********\n",
            "ntp authentication-key 1 md5 ******** 7\n",
            " path scp://backup:********@10.10.1.30/configs/\n",
            " password 7 ********\n",
        ],
    );
}

#[test]
fn cisco_nxos() {
    let text = r#"!Command: show running-config
version 9.3(10) Bios:version 05.45
hostname dc-nx1
feature tacacs+
username admin password 5 $5$SxNxAdm$Jk2lMn4oPq6rSt8uVw0xYz2aBc4dEf6gHi8jKl0mNo1  role network-admin
username ops password 5 !  role network-operator
password strength-check
snmp-server user admin network-admin auth md5 0x5a1b3c4d5e6f70819293a4b5c6d7e8f9 priv 0x0f1e2d3c4b5a69788796a5b4c3d2e1f0 localizedkey
snmp-server user ops network-operator auth sha SxNxShaAuth priv aes-128 SxNxAesPriv
snmp-server community SxNxComm group network-operator
snmp-server host 10.10.1.50 traps version 2c SxNxTrapComm
snmp-server host 10.10.1.50 use-vrf management
tacacs-server key 7 "SxNxTacKey7"
tacacs-server host 10.10.1.51 key 7 "SxNxTacHostKey"
radius-server host 10.10.1.52 key 7 "SxNxRadKey" authentication accounting
interface mgmt0
  vrf member management
  ip address 10.10.1.5/24
"#;
    check(
        text,
        &[
            ("$5$SxNxAdm$Jk2lMn4oPq6rSt8uVw0xYz2aBc4dEf6gHi8jKl0mNo1", ShaCryptHash),
            ("0x5a1b3c4d5e6f70819293a4b5c6d7e8f9", SnmpV3Key),
            ("0x0f1e2d3c4b5a69788796a5b4c3d2e1f0", SnmpV3Key),
            ("SxNxShaAuth", SnmpV3Key),
            ("SxNxAesPriv", SnmpV3Key),
            ("SxNxComm", SnmpCommunity),
            ("SxNxTrapComm", SnmpCommunity),
            ("SxNxTacKey7", Type7Password),
            ("SxNxTacHostKey", Type7Password),
            ("SxNxRadKey", Type7Password),
        ],
        &[
            "username admin password 5 ********  role network-admin",
            "tacacs-server key 7 \"********\"",
            "priv ******** localizedkey",
            "radius-server host 10.10.1.52 key 7 \"********\" authentication accounting",
        ],
    );
}

#[test]
fn cisco_asa() {
    let text = r#"ASA Version 9.16(4)
!
hostname edge-asa
enable password SxAsaEnableHash encrypted
passwd SxAsaTelnetPw encrypted
username admin password SxAsaAdminHash encrypted privilege 15
username vpnuser password $sha512$5000$SxAsaPbkSalt$Q2xhc3NpY0FTQQ== pbkdf2 privilege 2
username ro nopassword
aaa-server TACSRV protocol tacacs+
aaa-server TACSRV (inside) host 10.10.1.70
 key SxAsaAaaKey
aaa-server LDAP (inside) host 10.10.1.73
 ldap-login-password SxAsaLdapBind
snmp-server host inside 10.10.1.71 community SxAsaHostComm version 2c
snmp-server host inside 10.10.1.72
snmp-server community SxAsaComm
snmp-server user v3u v3g v3 encrypted auth sha SxAsaV3Auth priv aes 256 SxAsaV3Priv
tunnel-group 203.0.113.9 type ipsec-l2l
tunnel-group 203.0.113.9 ipsec-attributes
 ikev1 pre-shared-key SxAsaIkev1Psk
 ikev2 remote-authentication pre-shared-key SxAsaIkev2Remote
 ikev2 local-authentication pre-shared-key SxAsaIkev2Local
failover key SxAsaFailoverKey
ssh 10.10.100.0 255.255.255.0 inside
banner motd Authorized access only
"#;
    check(
        text,
        &[
            ("SxAsaEnableHash", Md5Hash),
            ("SxAsaTelnetPw", Md5Hash),
            ("SxAsaAdminHash", Md5Hash),
            ("$sha512$5000$SxAsaPbkSalt$Q2xhc3NpY0FTQQ==", OtherHash),
            ("SxAsaAaaKey", PreSharedKey),
            ("SxAsaLdapBind", PlainPassword),
            ("SxAsaHostComm", SnmpCommunity),
            ("SxAsaComm", SnmpCommunity),
            ("SxAsaV3Auth", SnmpV3Key),
            ("SxAsaV3Priv", SnmpV3Key),
            ("SxAsaIkev1Psk", PreSharedKey),
            ("SxAsaIkev2Remote", PreSharedKey),
            ("SxAsaIkev2Local", PreSharedKey),
            ("SxAsaFailoverKey", PreSharedKey),
        ],
        &["enable password ******** encrypted", "username admin password ******** encrypted privilege 15", " pbkdf2 privilege 2"],
    );
}

#[test]
fn arista_eos() {
    let text = r#"! device: leaf1 (DCS-7050SX3-48YC8, EOS-4.30.1F)
hostname leaf1
username admin privilege 15 role network-admin secret sha512 $6$SxEosAdm$Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3aB4cD5eF6gH7iJ8kL9mN0oP1qR2sT3uV4wX5yZ6.
username ro nopassword
enable password sha512 $6$SxEosEnab$Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe9Dc8Ba7zY6xW5vU4tS3rQ2pO1nM0lK9jI8hG7fE6dC5bA4.
aaa root secret sha512 $6$SxEosRoot$Mn0Bv9Cx8Za7Lk6Jh5Gf4Ds3Ap2Oi1Uy0Tr9Ew8Qq7Ww6Ee5Rr4Tt3Yy2Uu1Ii0Oo9Pp8Aa7Ss6Dd5.
snmp-server community SxEosComm ro
snmp-server user v3u v3grp v3 localized 80002f5c03 auth sha SxEosV3Auth priv aes SxEosV3Priv
snmp-server host 10.10.1.60 vrf MGMT version 2c SxEosTrap
tacacs-server host 10.10.1.61 key 7 SxEosTac7Hex
ntp authentication-key 1 md5 7 SxEosNtp7Key
banner motd
Authorized users only. Do not share your password with anyone.
secret keeping is everyone's job
EOF
management security
   password minimum length 12
"#;
    check(
        text,
        &[
            ("$6$SxEosAdm$Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3aB4cD5eF6gH7iJ8kL9mN0oP1qR2sT3uV4wX5yZ6.", ShaCryptHash),
            ("$6$SxEosEnab$Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe9Dc8Ba7zY6xW5vU4tS3rQ2pO1nM0lK9jI8hG7fE6dC5bA4.", ShaCryptHash),
            ("$6$SxEosRoot$Mn0Bv9Cx8Za7Lk6Jh5Gf4Ds3Ap2Oi1Uy0Tr9Ew8Qq7Ww6Ee5Rr4Tt3Yy2Uu1Ii0Oo9Pp8Aa7Ss6Dd5.", ShaCryptHash),
            ("SxEosComm", SnmpCommunity),
            ("SxEosV3Auth", SnmpV3Key),
            ("SxEosV3Priv", SnmpV3Key),
            ("SxEosTrap", SnmpCommunity),
            ("SxEosTac7Hex", Type7Password),
            ("SxEosNtp7Key", Type7Password),
        ],
        &["role network-admin secret sha512 ********\n", "aaa root secret sha512 ********\n", "md5 7 ********\n"],
    );
}

#[test]
fn allied_telesis_awplus() {
    let text = r#"!
service password-encryption
!
hostname floor2-sw
!
username manager privilege 15 password 8 $1$SxAwpMg$Ab3dEf5hIj7lMn9pQr1tU/
enable password 8 $1$SxAwpEn$Zy2xWv4tSr6pOn8lKj0hG.
security-password minimum-length 10
security-password history 5
!
snmp-server community SxAwpComm rw
snmp-server user v3u v3grp auth sha SxAwpV3Auth priv aes SxAwpV3Priv
radius-server host 10.10.1.80 key SxAwpRadKey
radius-server key SxAwpRadGlobal
tacacs-server host 10.10.1.81 key SxAwpTacKey
crypto isakmp key SxAwpIsakmp address 203.0.113.20
!
interface vlan1
 ip address 10.10.2.2/24
"#;
    check(
        text,
        &[
            ("$1$SxAwpMg$Ab3dEf5hIj7lMn9pQr1tU/", Md5Hash),
            ("$1$SxAwpEn$Zy2xWv4tSr6pOn8lKj0hG.", Md5Hash),
            ("SxAwpComm", SnmpCommunity),
            ("SxAwpV3Auth", SnmpV3Key),
            ("SxAwpV3Priv", SnmpV3Key),
            ("SxAwpRadKey", PreSharedKey),
            ("SxAwpRadGlobal", PreSharedKey),
            ("SxAwpTacKey", PreSharedKey),
            ("SxAwpIsakmp", PreSharedKey),
        ],
        &["username manager privilege 15 password 8 ********\n"],
    );
}

#[test]
fn fortios() {
    let text = r#"#config-version=FGT60F-7.2.8-FW-build1639-240313:opmode=0:vdom=0:user=admin
config system global
    set hostname "edge-fgt"
    set admin-lockout-threshold 3
end
config system admin
    edit "admin"
        set accprofile "super_admin"
        set password ENC SH2SxFgtAdminHashAbCdEf0123456789abcdef=
        set force-password-change enable
    next
end
config system snmp community
    edit 1
        set name "SxFgtCommunity"
        config hosts
            edit 1
                set ip 10.10.100.5 255.255.255.255
            next
        end
    next
end
config system snmp user
    edit "snmpv3"
        set security-level auth-priv
        set auth-pwd ENC SxFgtAuthPwdEnc
        set priv-pwd ENC SxFgtPrivPwdEnc
    next
end
config user local
    edit "vpnuser"
        set type password
        set passwd ENC SxFgtLocalPasswdEnc
    next
end
config user radius
    edit "rad1"
        set server "10.10.1.90"
        set secret ENC SxFgtRadiusSecretEnc
    next
end
config user tacacs+
    edit "tac1"
        set server "10.10.1.91"
        set key ENC SxFgtTacacsKeyEnc
    next
end
config vpn ipsec phase1-interface
    edit "to-vendor"
        set psksecret ENC SxFgtPskSecretEnc
    next
end
config system ha
    set password ENC SxFgtHaPasswordEnc
end
config vpn certificate local
    edit "fgt-cert"
        set password ENC SxFgtCertPassEnc
        set private-key "-----BEGIN ENCRYPTED PRIVATE KEY-----
MIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG9w0BBQwwDgQISxFgtPemLine01AA
SxFgtPemLine02BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB
-----END ENCRYPTED PRIVATE KEY-----"
        set certificate "-----BEGIN CERTIFICATE-----
MIIDdzCCAl+gAwIBAgIEPublicCertLineNotSecret0000000000000000000000
-----END CERTIFICATE-----"
    next
end
config system interface
    edit "wan1"
        set name "not-a-community"
    next
end
"#;
    check(
        text,
        &[
            ("SH2SxFgtAdminHashAbCdEf0123456789abcdef=", FortiEnc),
            ("SxFgtCommunity", SnmpCommunity),
            ("SxFgtAuthPwdEnc", FortiEnc),
            ("SxFgtPrivPwdEnc", FortiEnc),
            ("SxFgtLocalPasswdEnc", FortiEnc),
            ("SxFgtRadiusSecretEnc", FortiEnc),
            ("SxFgtTacacsKeyEnc", FortiEnc),
            ("SxFgtPskSecretEnc", FortiEnc),
            ("SxFgtHaPasswordEnc", FortiEnc),
            ("SxFgtCertPassEnc", FortiEnc),
            ("MIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG9w0BBQwwDgQISxFgtPemLine01AA", PrivateKey),
            ("SxFgtPemLine02BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", PrivateKey),
        ],
        &[
            "set password ENC ********\n",
            "set name \"********\"\n",
            "set psksecret ENC ********\n",
            "set private-key \"-----BEGIN ENCRYPTED PRIVATE KEY-----\n********\n********\n-----END ENCRYPTED PRIVATE KEY-----\"\n",
        ],
    );
}

#[test]
fn yamaha() {
    let text = r#"# RTX1220 Rev.15.04.05 (Fri Dec  1 10:00:00 2023)
# MAC Address : 00:a0:de:00:00:01, 00:a0:de:00:00:02
login password SxYmhLoginPlain
administrator password encrypted SxYmhAdminEnc
login user ops encrypted SxYmhUserEnc
login user ops2 SxYmhUserPlain
login timer 300
ip lan1 address 192.168.100.1/24
pp select 1
 pp auth accept chap
 pp auth myname user@isp.example SxYmhPppPw
 pp auth username remote1 SxYmhPpUserPw
pp enable 1
tunnel select 1
 ipsec ike pre-shared-key 1 text SxYmhIkePsk
 l2tp tunnel auth on SxYmhL2tpAuth
tunnel enable 1
snmp community read-only SxYmhSnmpRO
snmp community read-write SxYmhSnmpRW
snmpv2c community read-only SxYmhV2cRO
snmp trap community SxYmhTrapComm
snmp trap host 192.168.100.5
snmpv3 usm user 1 admin group 1 sha SxYmhV3Auth aes128-cfb SxYmhV3Priv
"#;
    check(
        text,
        &[
            ("SxYmhLoginPlain", PlainPassword),
            ("SxYmhAdminEnc", YamahaEncrypted),
            ("SxYmhUserEnc", YamahaEncrypted),
            ("SxYmhUserPlain", PlainPassword),
            ("SxYmhPppPw", PlainPassword),
            ("SxYmhPpUserPw", PlainPassword),
            ("SxYmhIkePsk", PreSharedKey),
            ("SxYmhL2tpAuth", PreSharedKey),
            ("SxYmhSnmpRO", SnmpCommunity),
            ("SxYmhSnmpRW", SnmpCommunity),
            ("SxYmhV2cRO", SnmpCommunity),
            ("SxYmhTrapComm", SnmpCommunity),
            ("SxYmhV3Auth", SnmpV3Key),
            ("SxYmhV3Priv", SnmpV3Key),
        ],
        &[
            "administrator password encrypted ********\n",
            "login user ops encrypted ********\n",
            " pp auth myname user@isp.example ********\n",
            " ipsec ike pre-shared-key 1 text ********\n",
        ],
    );
}

#[test]
fn nec_ix() {
    let text = r#"! NEC Portable Internetwork Core Operating System Software
hostname branch-ix
username admin password hash SxNecAdminHash0123 administrator
username ops password plain 1 SxNecOpsPlain operator
username viewer password plain 1 SxNecViewerPlain
username digits password plain 918273 administrator
ike proposal ikeprp encryption aes-256 hash sha2-256 group 2048-bit lifetime 28800
ike policy ikepol peer 203.0.113.30 key SxNecIkeKey mode aggressive ikeprp
ikev2 authentication psk id ipv4 203.0.113.31 key char SxNecIkev2Psk
snmp-agent ip community SxNecSnmpComm mgmt_acl
snmp-agent ip host 10.10.100.5 SxNecTrapComm version 2
snmp-agent ip trap-source GigaEthernet1.0
nm ip enable
nm account hosp-acct password secret SxNecNmSecretHash
nm account hosp-acct2 password plain SxNecNmPlain
http-server username webadm secret-password SxNecWebHash
http-server ip access-list mgmt_acl
ppp profile isp
  authentication myname user@isp.example
  authentication password user@isp.example SxNecPppPw
"#;
    check(
        text,
        &[
            ("SxNecAdminHash0123", OtherHash),
            ("SxNecOpsPlain", PlainPassword),
            ("SxNecViewerPlain", PlainPassword),
            ("918273", PlainPassword),
            ("SxNecIkeKey", PreSharedKey),
            ("SxNecIkev2Psk", PreSharedKey),
            ("SxNecSnmpComm", SnmpCommunity),
            ("SxNecTrapComm", SnmpCommunity),
            ("SxNecPppPw", PlainPassword),
            ("SxNecNmSecretHash", OtherHash),
            ("SxNecNmPlain", PlainPassword),
            ("SxNecWebHash", OtherHash),
        ],
        &[
            "username admin password hash ******** administrator",
            "username viewer password plain 1 ********\n",
            "username digits password plain ******** administrator",
            "nm account hosp-acct password secret ********\n",
            "http-server username webadm secret-password ********\n",
            "http-server ip access-list mgmt_acl\n",
            "  authentication password user@isp.example ********",
        ],
    );
}

#[test]
fn juniper_junos_set_form() {
    let text = r#"set version 21.4R3-S5
set system host-name srx1
set system root-authentication encrypted-password "$6$SxJunRoot$Qw1Er2Ty3Ui4Op5As6Df7Gh8Jk9Lz0Xc1Vb2Nm3Qw4Er5Ty6Ui7Op8As9Df0Gh1Jk2Lz3Xc4Vb5Nm6."
set system login user admin uid 2000
set system login user admin class super-user
set system login user admin authentication encrypted-password "$1$SxJunAdm$Aa1Bb2Cc3Dd4Ee5Ff6Gg7."
set system login password minimum-length 10
set system radius-server 10.10.1.100 secret "$9$SxJunRadiusSecretQz3"
set system ntp authentication-key 1 type md5 value "$9$SxJunNtpValueQz3"
set snmp community SxJunComm authorization read-only
set snmp v3 usm local-engine user v3u authentication-sha authentication-key "$9$SxJunV3AuthQz3"
set snmp v3 usm local-engine user v3u privacy-aes128 privacy-key "$9$SxJunV3PrivQz3"
set security ike policy ike-pol pre-shared-key ascii-text "$9$SxJunIkePskQz3"
set protocols ospf area 0.0.0.0 interface ge-0/0/1.0 authentication md5 1 key "$9$SxJunOspfKeyQz3"
set policy-options community NOT-SECRET members 65000:100
"#;
    check(
        text,
        &[
            ("$6$SxJunRoot$Qw1Er2Ty3Ui4Op5As6Df7Gh8Jk9Lz0Xc1Vb2Nm3Qw4Er5Ty6Ui7Op8As9Df0Gh1Jk2Lz3Xc4Vb5Nm6.", ShaCryptHash),
            ("$1$SxJunAdm$Aa1Bb2Cc3Dd4Ee5Ff6Gg7.", Md5Hash),
            ("$9$SxJunRadiusSecretQz3", JunosEncrypted),
            ("$9$SxJunNtpValueQz3", JunosEncrypted),
            ("SxJunComm", SnmpCommunity),
            ("$9$SxJunV3AuthQz3", JunosEncrypted),
            ("$9$SxJunV3PrivQz3", JunosEncrypted),
            ("$9$SxJunIkePskQz3", JunosEncrypted),
            ("$9$SxJunOspfKeyQz3", JunosEncrypted),
        ],
        &[
            "set system root-authentication encrypted-password \"********\"\n",
            "set snmp community ******** authorization read-only\n",
            "pre-shared-key ascii-text \"********\"\n",
        ],
    );
}

#[test]
fn juniper_junos_brace_form() {
    let text = r#"## Last commit: 2025-06-02 09:12:44 JST by admin
version 21.4R3-S5;
system {
    host-name srx1;
    root-authentication {
        encrypted-password "$6$SxJunCurlyRoot$Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8Nn7Mm6Ll5Kk4Jj3Ii2Hh1Gg0Ff9Ee8Dd7Cc6Bb5Aa4."; ## SECRET-DATA
    }
    login {
        user admin {
            uid 2000;
            class super-user;
            authentication {
                encrypted-password "$1$SxJunCAd$Hh1Gg2Ff3Ee4Dd5Cc6Bb7."; ## SECRET-DATA
            }
        }
    }
    tacplus-server {
        10.10.1.101 secret "$9$SxJunCurlyTacQz3"; ## SECRET-DATA
    }
}
snmp {
    community SxJunCurlyComm {
        authorization read-only;
    }
    community SxJunCurlyComm2;
}
security {
    ike {
        policy ike-pol {
            pre-shared-key ascii-text "$9$SxJunCurlyPskQz3"; ## SECRET-DATA
        }
    }
}
policy-options {
    community NOT-SECRET members 65000:100;
}
"#;
    check(
        text,
        &[
            ("$6$SxJunCurlyRoot$Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8Nn7Mm6Ll5Kk4Jj3Ii2Hh1Gg0Ff9Ee8Dd7Cc6Bb5Aa4.", ShaCryptHash),
            ("$1$SxJunCAd$Hh1Gg2Ff3Ee4Dd5Cc6Bb7.", Md5Hash),
            ("$9$SxJunCurlyTacQz3", JunosEncrypted),
            ("SxJunCurlyComm", SnmpCommunity),
            ("SxJunCurlyComm2", SnmpCommunity),
            ("$9$SxJunCurlyPskQz3", JunosEncrypted),
        ],
        &["encrypted-password \"********\"; ## SECRET-DATA", "community ******** {", "community ********;"],
    );
}

#[test]
fn paloalto_panos_xml_and_set() {
    let text = r#"<response status="success"><result><config version="10.2.0" urldb="paloaltonetworks">
  <mgt-config>
    <users>
      <entry name="admin">
        <phash>$5$SxPanAdm$Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3aB4</phash>
        <permissions><role-based><superuser>yes</superuser></role-based></permissions>
      </entry>
      <entry name="ro">
        <phash>*</phash>
      </entry>
    </users>
  </mgt-config>
  <shared>
    <local-user-database><user><entry name="vpn1"><password>SxPanLocalPw</password></entry></user></local-user-database>
    <server-profile><radius><entry name="rad"><server><entry name="r1"><secret>-AQ==SxPanRadiusEnc=</secret></entry></server></entry></radius></server-profile>
  </shared>
  <devices><entry name="localhost.localdomain"><network><ike><gateway><entry name="gw1">
    <authentication>
      <pre-shared-key>
        <key>-AQ==SxPanIkePskEnc=</key>
      </pre-shared-key>
    </authentication>
  </entry></gateway></ike></network>
  <deviceconfig><system>
    <hostname>edge-pa</hostname>
    <snmp-setting><access-setting><version>
      <v2c>
        <snmp-community-string>SxPanSnmpComm</snmp-community-string>
      </v2c>
      <v3><users><entry name="v3u"><view>all</view><authpwd>-AQ==SxPanV3Auth=</authpwd><privpwd>-AQ==SxPanV3Priv=</privpwd></entry></users></v3>
    </version></access-setting></snmp-setting>
  </system></deviceconfig></entry></devices>
</config></result></response>
set mgt-config users backup phash $1$SxPanSet$Qq1Ww2Ee3Rr4Tt5Yy6Uu7.
set deviceconfig system snmp-setting access-setting version v2c snmp-community-string SxPanSetComm
"#;
    check(
        text,
        &[
            ("$5$SxPanAdm$Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3aB4", ShaCryptHash),
            ("SxPanLocalPw", PlainPassword),
            ("-AQ==SxPanRadiusEnc=", PanosEncrypted),
            ("-AQ==SxPanIkePskEnc=", PanosEncrypted),
            ("SxPanSnmpComm", SnmpCommunity),
            ("-AQ==SxPanV3Auth=", PanosEncrypted),
            ("-AQ==SxPanV3Priv=", PanosEncrypted),
            ("$1$SxPanSet$Qq1Ww2Ee3Rr4Tt5Yy6Uu7.", Md5Hash),
            ("SxPanSetComm", SnmpCommunity),
        ],
        &["<phash>********</phash>", "<phash>*</phash>", "<key>********</key>", "<hostname>edge-pa</hostname>"],
    );
}

#[test]
fn linux() {
    let text = r#"root:$6$SxLnxRoot$Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3aB4cD5eF6gH7iJ8kL9mN0oP1qR2sT3uV4wX5yZ6:19800:0:99999:7:::
daemon:*:19800:0:99999:7:::
emr:$y$j9T$SxLnxEmrYescrypt$Qq1Ww2Ee3Rr4Tt5Yy6Uu7Ii8Oo9Pp0Aa1Ss2Dd3:19850:1:90:7:30::
legacy:!$1$SxLnxLock$Zz9Xx8Cc7Vv6Bb5Nn4Mm3.:19000:0:99999:7:::
nologin:!!:19800::::::
olddb:SxLnxPasswdDes1:1003:1003:Old DB admin,,,:/home/olddb:/bin/bash
alice:x:1001:1001:Alice Example,,,:/home/alice:/bin/bash
svc:*:998:998::/var/lib/svc:/usr/sbin/nologin
password	requisite			pam_pwquality.so retry=3 minlen=14
password	[success=1 default=ignore]	pam_unix.so obscure use_authtok try_first_pass yescrypt
auth required pam_faillock.so preauth deny=5
password   include      password-auth
-password   optional    pam_gnome_keyring.so use_authtok
agentAddress udp:161
rocommunity SxLnxSnmpRO 10.10.100.0/24
rwcommunity SxLnxSnmpRW 10.10.100.5
com2sec notConfigUser default SxLnxCom2sec
createUser v3admin SHA "SxLnxV3AuthPass" AES "SxLnxV3PrivPass"
rouser v3admin priv
trap2sink 10.10.100.5 SxLnxTrapComm
passwordauthentication no
permitemptypasswords no
PASS_MAX_DAYS   90
-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABSxLnxSshKeyLine01
QyNTUxOQAAACBSxLnxSshKeyLine02AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==
-----END OPENSSH PRIVATE KEY-----
-----BEGIN CERTIFICATE-----
MIIBszCCAVmgAwIBAgIUPublicCertificateLineIsNotSecret000000000000
-----END CERTIFICATE-----
"#;
    check(
        text,
        &[
            ("$6$SxLnxRoot$Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3aB4cD5eF6gH7iJ8kL9mN0oP1qR2sT3uV4wX5yZ6", ShaCryptHash),
            ("$y$j9T$SxLnxEmrYescrypt$Qq1Ww2Ee3Rr4Tt5Yy6Uu7Ii8Oo9Pp0Aa1Ss2Dd3", ShaCryptHash),
            ("$1$SxLnxLock$Zz9Xx8Cc7Vv6Bb5Nn4Mm3.", Md5Hash),
            ("SxLnxPasswdDes1", OtherHash),
            ("SxLnxSnmpRO", SnmpCommunity),
            ("SxLnxSnmpRW", SnmpCommunity),
            ("SxLnxCom2sec", SnmpCommunity),
            ("SxLnxV3AuthPass", SnmpV3Key),
            ("SxLnxV3PrivPass", SnmpV3Key),
            ("SxLnxTrapComm", SnmpCommunity),
            ("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABSxLnxSshKeyLine01", PrivateKey),
            ("QyNTUxOQAAACBSxLnxSshKeyLine02AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==", PrivateKey),
        ],
        &[
            "root:********:19800:",
            "legacy:!********:19000:",
            "daemon:*:19800:",
            "olddb:********:1003:1003:Old DB admin,,,:/home/olddb:/bin/bash",
            "alice:x:1001:1001:Alice Example,,,:/home/alice:/bin/bash",
            "password\trequisite\t\t\tpam_pwquality.so retry=3 minlen=14",
            "password\t[success=1 default=ignore]\tpam_unix.so obscure use_authtok try_first_pass yescrypt",
            "password   include      password-auth",
            "-password   optional    pam_gnome_keyring.so use_authtok",
            "createUser v3admin SHA \"********\" AES \"********\"",
        ],
    );
}

#[test]
fn windows_powershell_json() {
    let text = r#"{
    "DefaultUserName":  "emr-kiosk",
    "DefaultPassword":  "SxWinAutoLogonPw",
    "AutoAdminLogon":  "1",
    "PasswordRequired":  true,
    "PasswordLastSet":  "\/Date(1717200000000)\/",
    "MinimumPasswordLength":  8,
    "UserMayChangePassword":  true,
    "NTHash":  "8846f7eaee8fb117ad06bdd830b7586c",
    "Community":  "SxWinSnmpCommunity",
    "PreSharedKey":  "SxWinVpnPsk",
    "ValidCommunities":  {
                             "SxWinValidComm":  4
                         },
    "Communities":  [
                        "SxWinCommArray1",
                        "SxWinCommArray2"
                    ],
    "Services":  [
                     {
                         "Name":  "SNMP",
                         "Password":  "SxWinServicePw",
                         "StartType":  "Automatic"
                     }
                 ],
    "Key":  "SxWinGenericKey",
    "RecoveryPassword":  "111111-222222-333333-SxWin-555555"
}
"#;
    check(
        text,
        &[
            ("SxWinAutoLogonPw", PlainPassword),
            ("8846f7eaee8fb117ad06bdd830b7586c", NtHash),
            ("SxWinSnmpCommunity", SnmpCommunity),
            ("SxWinVpnPsk", PreSharedKey),
            ("SxWinValidComm", SnmpCommunity),
            ("SxWinCommArray1", SnmpCommunity),
            ("SxWinCommArray2", SnmpCommunity),
            ("SxWinServicePw", PlainPassword),
            ("SxWinGenericKey", Other),
            ("111111-222222-333333-SxWin-555555", PlainPassword),
        ],
        &["\"DefaultPassword\":  \"********\"", "\"********\":  4", "\"DefaultUserName\":  \"emr-kiosk\""],
    );
}

#[test]
fn windows_compressed_json_pwdump_and_registry_communities() {
    let compressed =
        r#"[{"Name":"Administrator","Password":"SxWinCompressedPw","Enabled":true},{"Name":"Guest","PasswordRequired":false}]"#;
    check(compressed, &[("SxWinCompressedPw", PlainPassword)], &[r#""Password":"********""#]);

    let pwdump = "Administrator:500:e52cac67419a9a224a3b108f3fa6cb6d:8846f7eaee8fb117ad06bdd830b7586d:::\n\
                  Guest:501:NO PASSWORD*********************:NO PASSWORD*********************:::\n";
    check(
        pwdump,
        &[("e52cac67419a9a224a3b108f3fa6cb6d", LmHash), ("8846f7eaee8fb117ad06bdd830b7586d", NtHash)],
        &["Administrator:500:********:********:::"],
    );

    // Get-ItemProperty HKLM:\...\SNMP\Parameters\ValidCommunities | ConvertTo-Json:
    // the community names are the property names.
    let registry = r#"{
    "SxWinRegComm":  4,
    "PSPath":  "Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SNMP\\Parameters\\ValidCommunities",
    "PSChildName":  "ValidCommunities",
    "PSProvider":  {
                       "Name":  "Registry"
                   }
}
"#;
    check(registry, &[("SxWinRegComm", SnmpCommunity)], &["\"********\":  4"]);
}

#[test]
fn xml_unattend_and_inline_pem() {
    let unattend = r#"<UserAccounts>
  <AdministratorPassword>
    <Value>SxWinUnattendAdmin</Value>
    <PlainText>true</PlainText>
  </AdministratorPassword>
</UserAccounts>
"#;
    check(unattend, &[("SxWinUnattendAdmin", PlainPassword)], &["<PlainText>true</PlainText>"]);

    let json_pem = r#"{"Certificate":"-----BEGIN CERTIFICATE-----\nMIIBpublic\n-----END CERTIFICATE-----","KeyPem":"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBSxInlinePem\n-----END RSA PRIVATE KEY-----","Password":"SxInlinePw"}"#;
    check(
        json_pem,
        &[("\\nMIIEpAIBSxInlinePem\\n", PrivateKey), ("SxInlinePw", PlainPassword)],
        &["-----BEGIN RSA PRIVATE KEY-----********-----END RSA PRIVATE KEY-----", "MIIBpublic"],
    );
}

#[test]
fn generic_keywords_and_look_alikes() {
    let text = r#"service password-encryption
no service password-recovery
security passwords min-length 10
login password-policy
set admin-lockout-threshold 3
aaa authentication login default local
password encryption aes
username admin nopassword
no username old password 0 gone
no enable password
no password
password
key chain RIP
 key 1
ntp trusted-key 1
key config-key password-encrypt
key config-key password-encrypt SxGenMasterKey
Password-recovery mechanism is enabled.
Password last set            6/1/2025 9:00:00 AM
Password required            Yes
User may change password     Yes
Minimum password length:     8
Enter password:
"PasswordRequired":  true,
"PasswordLastSet":  "\/Date(1717200000000)\/",
MinimumPasswordLength : 8
ip ssh pubkey-chain
  username admin
   key-hash ssh-rsa 8FB4F858DD7E5AFB372780EC653DB371
ppp chap password 7 SxGenPppChap7
ip ftp password SxGenFtpPw
secret SxGenBareSecret
db_password=SxGenIniPw
psk="SxGenWpaSupplicant"
Password: SxGenColonPw
"#;
    check(
        text,
        &[
            ("SxGenMasterKey", PlainPassword),
            ("SxGenPppChap7", Type7Password),
            ("SxGenFtpPw", PlainPassword),
            ("SxGenBareSecret", PlainPassword),
            ("SxGenIniPw", PlainPassword),
            ("SxGenWpaSupplicant", PreSharedKey),
            ("SxGenColonPw", PlainPassword),
        ],
        &["ppp chap password 7 ********", "psk=\"********\""],
    );
}

#[test]
fn several_secrets_on_one_line_and_crlf() {
    let text = "snmp-server user u g v3 auth sha SxMultiA priv aes 256 SxMultiB\r\nusername a secret 0 SxCrlf\r\nend";
    let m = check(text, &[("SxMultiA", SnmpV3Key), ("SxMultiB", SnmpV3Key), ("SxCrlf", PlainPassword)], &[]);
    assert_eq!(m.text, "snmp-server user u g v3 auth sha ******** priv aes 256 ********\r\nusername a secret 0 ********\r\nend");
}

#[test]
fn debug_never_prints_a_value() {
    let m = kenshin_secrets::mask("enable secret 0 SxDebugLeak\n");
    let debug = format!("{m:?} {:?}", m.secrets);
    assert!(!debug.contains("SxDebugLeak"), "{debug}");
    assert_eq!(m.secrets[0].value(), "SxDebugLeak");
    assert_eq!(serde_json::to_string(&m.secrets[0].kind).unwrap(), "\"plain_password\"");
    assert_eq!(serde_json::to_string(&Type7Password).unwrap(), "\"type7_password\"");
    assert_eq!(Type7Password.to_string(), "type 7 password");
}
